/**
 * The engine's ownership scenarios (test-support's `ownershipScenarios`)
 * through the real Jest 30 binary: with the reporter (`jest.config.js`) and
 * without it (`no-reporter.config.js`); the killed run uses `-w 2` with a
 * fresh cache, so Jest has no timings and does use both workers.
 */
import path from 'node:path';
import { JEST } from '@temp-fixtures/test-support';
import { ownershipScenarios } from '@temp-fixtures/test-support/ownership';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jestConfig, jestProject } from './helpers.js';

const PRELUDE = `const fs = require('node:fs');
const path = require('node:path');
const jestTemp = require('jest-temp');
`;

ownershipScenarios(
  {
    name: 'Jest',
    bin: JEST,
    project: (files) =>
      jestProject({
        'jest.config.js': jestConfig({ reporter: true }),
        'no-reporter.config.js': jestConfig(),
        ...files,
      }),
    testFile: (folder, name) => `test/${folder}/${name}.test.js`,
    select: (folder) => [`test/${folder}`],
    configs: [
      { name: 'with the reporter', summary: true, args: [] },
      { name: 'without the reporter', summary: false, args: ['--config', 'no-reporter.config.js'] },
    ],
    slowOk: ['--ci', '--testTimeout', '60000'],
    twoWorkers: (label) => ['-w', '2', '--cacheDirectory', path.join('.caches', label)],
    prelude: PRELUDE,
    head: (title) =>
      `test(${JSON.stringify(title)}, async () => {\n  const { tmp } = jestTemp;\n  const tmpDir = jestTemp.tmpDir();`,
    tally: (failed, passed) =>
      new RegExp(`Tests: +${failed} failed, ${passed} passed, ${failed + passed} total`),
  },
  { afterAll, beforeAll, describe, expect, test },
);
