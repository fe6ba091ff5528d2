import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config';

// The stress suites (test/**/*.stress.test.ts): `pnpm test:stress`, run by CI after `pnpm test`.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/**/*.stress.test.ts'],
    exclude: configDefaults.exclude,
    typecheck: { enabled: false },
    coverage: { enabled: false },
  },
});
