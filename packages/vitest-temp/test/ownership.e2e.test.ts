/**
 * The engine's ownership scenarios (test-support's `ownershipScenarios`)
 * through the real Vitest binary: with the plugin (`vitest.config.js`) and
 * without it (`bare.config.js`); the killed run uses the forks pool with 2
 * workers.
 */
import { VITEST } from '@temp-fixtures/test-support';
import { ownershipScenarios } from '@temp-fixtures/test-support/ownership';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BARE_CONFIG, IMPORT, PLUGIN_CONFIG, vitestProject } from './support/e2e.js';

ownershipScenarios(
  {
    name: 'Vitest',
    bin: VITEST,
    project: (files) =>
      vitestProject({
        'vitest.config.js': PLUGIN_CONFIG,
        'bare.config.js': BARE_CONFIG,
        ...files,
      }),
    testFile: (folder, name) => `${folder}/${name}.test.js`,
    select: (folder) => ['run', folder],
    configs: [
      { name: 'with the plugin', summary: true, args: [] },
      { name: 'without the plugin', summary: false, args: ['--config', 'bare.config.js'] },
    ],
    slowOk: ['--testTimeout', '60000'],
    twoWorkers: () => ['--pool', 'forks', '--maxWorkers', '2'],
    prelude: IMPORT,
    head: (title) => `test(${JSON.stringify(title)}, async ({ tmp, tmpDir }) => {`,
    tally: (failed, passed) =>
      new RegExp(`Tests {2}${failed} failed \\| ${passed} passed \\(${failed + passed}\\)`),
  },
  { afterAll, beforeAll, describe, expect, test },
);
