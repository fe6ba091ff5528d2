import { configDefaults } from 'vitest/config';
import { stressSuites } from '../../scripts/vitest-stress.mts';
import base from './vitest.config.ts';

export default stressSuites(base, configDefaults.exclude);
