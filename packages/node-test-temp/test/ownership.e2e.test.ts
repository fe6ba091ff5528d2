/**
 * The engine's ownership scenarios (test-support's `ownershipScenarios`)
 * through the real `node --test` of Node 22: with the reporter beside spec
 * and with spec alone; the killed run uses `--test-concurrency=2`, so two
 * test files run in processes of their own at once.
 */
import { NODE_TEST, nodeBinary } from '@temp-fixtures/test-support';
import { ownershipScenarios } from '@temp-fixtures/test-support/ownership';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nodeTestProject, WITH_REPORTER, WITHOUT_REPORTER } from './helpers.js';

const PRELUDE = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as fixtures from 'node-test-temp';
const expect = (actual) => ({ toBe: (expected) => assert.strictEqual(actual, expected) });
`;

ownershipScenarios(
  {
    name: 'node:test',
    bin: NODE_TEST,
    node: nodeBinary(22),
    project: nodeTestProject,
    testFile: (folder, name) => `test/${folder}/${name}.test.mjs`,
    select: (folder) => [`test/${folder}/*.test.mjs`],
    configs: [
      { name: 'with the reporter', summary: true, args: WITH_REPORTER },
      { name: 'without the reporter', summary: false, args: WITHOUT_REPORTER },
    ],
    slowOk: [],
    twoWorkers: () => ['--test-concurrency=2'],
    prelude: PRELUDE,
    head: (title) =>
      `test(${JSON.stringify(title)}, async (t) => {\n  const tmp = fixtures.tmp(t);\n  const tmpDir = fixtures.tmpDir(t);`,
    tally: (failed, passed) => new RegExp(`pass ${passed}\\n.*fail ${failed}\\n`),
  },
  { afterAll, beforeAll, describe, expect, test },
);
