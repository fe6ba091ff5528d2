/**
 * Generates the whole-run benchmark suites: `files` test files of
 * `testsPerFile` tests each, in one variant per way of getting a fresh dir
 * per test (or none). The test bodies do no fs work: what is timed is what
 * the fixture (and the runner around it) costs.
 *
 * Every generated file ends with an `afterAll` that writes the process's
 * peak RSS (`process.resourceUsage().maxRSS`, KiB) into
 * `$BENCH_RSS_DIR/<pid>`, the same one small write in every variant, so the
 * harness can report the peak RSS of each worker.
 */
import type { Dependency, ProjectFiles } from '@temp-fixtures/test-support';

/** A suite variant: its files, its packages, and what it needs to exist. */
export interface Variant {
  id: string;
  label: string;
  files: ProjectFiles;
  deps: Dependency[];
  /** Our packages whose `dist` must exist for the variant to run. */
  needs: ('vitest-temp' | 'jest-temp' | 'node-test-temp' | 'temp-fixtures')[];
}

/** Suite size. */
export interface SuiteShape {
  files: number;
  testsPerFile: number;
}

/** The row ids every runner has (plus its peers); `baseline` and `limit` are the references. */
export const VITEST_ROWS = [
  'baseline',
  'empty',
  'limit',
  'hand',
  'fs-fixture',
  'import',
  'vitest-temp',
];
export const JEST_ROWS = ['baseline', 'empty', 'limit', 'hand', 'jest-temp'];
export const NODE_TEST_ROWS = ['baseline', 'empty', 'limit', 'hand', 'import', 'node-test-temp'];

/** The env var naming the dir where each process writes its peak RSS. */
export const RSS_ENV = 'BENCH_RSS_DIR';

const FROM = 'bench';

function testFiles(shape: SuiteShape, ext: string, render: (file: number) => string): ProjectFiles {
  const files: ProjectFiles = {};
  for (let f = 0; f < shape.files; f++) files[`test/suite${f}.test.${ext}`] = render(f);
  return files;
}

function repeat(shape: SuiteShape, body: (test: number) => string): string {
  return Array.from({ length: shape.testsPerFile }, (_, t) => body(t)).join('\n');
}

/** The per-file peak-RSS report (same code in every variant; `afterAll` is in scope). */
const RSS_REPORT = `afterAll(() => {
  const dir = process.env.${RSS_ENV};
  if (dir) __rssWrite(dir + '/' + process.pid, String(process.resourceUsage().maxRSS));
});`;

// ---------------------------------------------------------------- Vitest

const VITEST_CONFIG = `export default { test: { include: ['test/**/*.test.js'] } };\n`;
const VITEST_DEPS: Dependency[] = [{ name: 'vitest', from: FROM }];
const VITEST_HEAD = `import { afterAll } from 'vitest';
import { writeFileSync as __rssWrite } from 'node:fs';
`;

/** The Vitest variants. */
export function vitestVariants(shape: SuiteShape): Variant[] {
  const common = { 'vitest.config.js': VITEST_CONFIG };
  const files = (render: () => string) =>
    testFiles(shape, 'js', () => `${VITEST_HEAD}${render()}\n${RSS_REPORT}\n`);
  const vitestTempRow = (id: string, label: string, params: string): Variant => ({
    id,
    label,
    needs: ['temp-fixtures', 'vitest-temp'],
    deps: [...VITEST_DEPS, 'temp-fixtures', 'vitest-temp'],
    files: {
      ...common,
      ...files(
        () => `import { test } from 'vitest-temp';

${repeat(shape, (t) => `test('t${t}', ${params} => {});`)}
`,
      ),
    },
  });
  return [
    {
      id: 'baseline',
      label: 'baseline: no fixture, empty bodies',
      needs: [],
      deps: VITEST_DEPS,
      files: {
        ...common,
        ...files(
          () => `import { test } from 'vitest';

${repeat(shape, (t) => `test('t${t}', () => {});`)}
`,
        ),
      },
    },
    {
      id: 'empty',
      label: 'empty fixture: `test.extend({ nothing: async ({}, use) => use(undefined) })`',
      needs: [],
      deps: VITEST_DEPS,
      files: {
        ...common,
        ...files(
          () => `import { test as base } from 'vitest';

const test = base.extend({ nothing: async ({}, use) => use(undefined) });

${repeat(shape, (t) => `test('t${t}', ({ nothing }) => {});`)}
`,
        ),
      },
    },
    {
      id: 'limit',
      label: 'limit: `test.extend` fixture, sync `fs.mkdtempSync` + `fs.rmdirSync` only',
      needs: [],
      deps: VITEST_DEPS,
      files: {
        ...common,
        ...files(
          () => `import { test as base } from 'vitest';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const prefix = join(tmpdir(), 'limit-');
const test = base.extend({
  dir: async ({}, use) => {
    const dir = mkdtempSync(prefix);
    await use(dir);
    rmdirSync(dir);
  },
});

${repeat(shape, (t) => `test('t${t}', ({ dir }) => {});`)}
`,
        ),
      },
    },
    {
      id: 'hand',
      label: 'hand-written: `beforeEach` `fsp.mkdtemp`, `afterEach` `fsp.rm`',
      needs: [],
      deps: VITEST_DEPS,
      files: {
        ...common,
        ...files(
          () => `import { afterEach, beforeEach, test } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'hand-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

${repeat(shape, (t) => `test('t${t}', () => {});`)}
`,
        ),
      },
    },
    {
      id: 'fs-fixture',
      label: 'fs-fixture: `createFixture()` + `rm()` in each test',
      needs: [],
      deps: [...VITEST_DEPS, { name: 'fs-fixture', from: FROM }],
      files: {
        ...common,
        ...files(
          () => `import { test } from 'vitest';
import { createFixture } from 'fs-fixture';

${repeat(shape, (t) => `test('t${t}', async () => { const fixture = await createFixture(); await fixture.rm(); });`)}
`,
        ),
      },
    },
    // What loading the adapter costs before any dir (`import`): the floor under the adapter's row.
    vitestTempRow(
      'import',
      "import only: vitest-temp's `test('n', () => {})`, no fixture used",
      '()',
    ),
    vitestTempRow('vitest-temp', "vitest-temp: `test('n', ({ tmpDir }) => {})`", '({ tmpDir })'),
  ];
}

// ---------------------------------------------------------------- Jest

const JEST_DEPS: Dependency[] = [
  { name: 'jest', from: FROM },
  { name: 'jest-environment-node', from: FROM },
];
const JEST_HEAD = `const { writeFileSync: __rssWrite } = require('node:fs');
`;

function jestConfig(extra: string): string {
  return `module.exports = { testMatch: ['**/test/**/*.test.js']${extra} };\n`;
}

/** The Jest variants (CommonJS test files, Jest's default transform). */
export function jestVariants(shape: SuiteShape): Variant[] {
  const common = {
    'package.json': JSON.stringify({ name: 'bench-jest', private: true, type: 'commonjs' }),
    'jest.config.js': jestConfig(''),
  };
  const files = (render: () => string) =>
    testFiles(shape, 'js', () => `${JEST_HEAD}${render()}\n${RSS_REPORT}\n`);
  return [
    {
      id: 'baseline',
      label: 'baseline: no fixture, empty bodies',
      needs: [],
      deps: JEST_DEPS,
      files: {
        ...common,
        ...files(() => `\n${repeat(shape, (t) => `test('t${t}', () => {});`)}\n`),
      },
    },
    {
      id: 'empty',
      label: 'empty fixture: `beforeEach(() => {})` + `afterEach(() => {})`',
      needs: [],
      deps: JEST_DEPS,
      files: {
        ...common,
        ...files(
          () => `
beforeEach(() => {});
afterEach(() => {});

${repeat(shape, (t) => `test('t${t}', () => {});`)}
`,
        ),
      },
    },
    {
      id: 'limit',
      label: 'limit: `beforeEach` `fs.mkdtempSync`, `afterEach` `fs.rmdirSync`',
      needs: [],
      deps: JEST_DEPS,
      files: {
        ...common,
        ...files(
          () => `const { mkdtempSync, rmdirSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const prefix = join(tmpdir(), 'limit-');
let dir;
beforeEach(() => { dir = mkdtempSync(prefix); });
afterEach(() => { rmdirSync(dir); });

${repeat(shape, (t) => `test('t${t}', () => {});`)}
`,
        ),
      },
    },
    {
      id: 'hand',
      label: 'hand-written: `beforeEach` `fsp.mkdtemp`, `afterEach` `fsp.rm`',
      needs: [],
      deps: JEST_DEPS,
      files: {
        ...common,
        ...files(
          () => `const { mkdtemp, rm } = require('node:fs/promises');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

let dir;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'hand-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

${repeat(shape, (t) => `test('t${t}', () => {});`)}
`,
        ),
      },
    },
    {
      id: 'jest-temp',
      label: "jest-temp: `testEnvironment: 'jest-temp'`, `tmpDir()` in each test",
      needs: ['temp-fixtures', 'jest-temp'],
      deps: [...JEST_DEPS, 'temp-fixtures', 'jest-temp'],
      files: {
        ...common,
        'jest.config.js': jestConfig(`, testEnvironment: 'jest-temp'`),
        ...files(
          () => `const { tmpDir } = require('jest-temp');

${repeat(shape, (t) => `test('t${t}', () => { tmpDir(); });`)}
`,
        ),
      },
    },
  ];
}

// ---------------------------------------------------------------- node:test

const NODE_TEST_HEAD = `import { after as afterAll, afterEach, beforeEach, test } from 'node:test';
import { writeFileSync as __rssWrite } from 'node:fs';
`;

/** The node:test variants (ES module test files, one process per file: node's default isolation). */
export function nodeTestVariants(shape: SuiteShape): Variant[] {
  const files = (render: () => string) =>
    testFiles(shape, 'js', () => `${NODE_TEST_HEAD}${render()}\n${RSS_REPORT}\n`);
  const tests = `${repeat(shape, (t) => `test('t${t}', () => {});`)}\n`;
  return [
    {
      id: 'baseline',
      label: 'baseline: no fixture, empty bodies',
      needs: [],
      deps: [],
      files: files(() => `\n${tests}`),
    },
    {
      id: 'empty',
      label: 'empty fixture: `beforeEach(() => {})` + `afterEach(() => {})`',
      needs: [],
      deps: [],
      files: files(() => `\nbeforeEach(() => {});\nafterEach(() => {});\n\n${tests}`),
    },
    {
      id: 'limit',
      label: 'limit: `beforeEach` `fs.mkdtempSync`, `afterEach` `fs.rmdirSync`',
      needs: [],
      deps: [],
      files: files(
        () => `import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const prefix = join(tmpdir(), 'limit-');
let dir;
beforeEach(() => { dir = mkdtempSync(prefix); });
afterEach(() => { rmdirSync(dir); });

${tests}`,
      ),
    },
    {
      id: 'hand',
      label: 'hand-written: `beforeEach` `fsp.mkdtemp`, `afterEach` `fsp.rm`',
      needs: [],
      deps: [],
      files: files(
        () => `import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'hand-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

${tests}`,
      ),
    },
    {
      // What loading the adapter costs before any dir: the floor under the adapter's row.
      id: 'import',
      label: "import only: node-test-temp's `tmpDir` imported, not used",
      needs: ['temp-fixtures', 'node-test-temp'],
      deps: ['temp-fixtures', 'node-test-temp'],
      files: files(() => `import { tmpDir } from 'node-test-temp';\n\n${tests}`),
    },
    {
      id: 'node-test-temp',
      label: 'node-test-temp: `tmpDir(t)` in each test',
      needs: ['temp-fixtures', 'node-test-temp'],
      deps: ['temp-fixtures', 'node-test-temp'],
      files: files(
        () => `import { tmpDir } from 'node-test-temp';

${repeat(shape, (t) => `test('t${t}', (t) => { tmpDir(t); });`)}
`,
      ),
    },
  ];
}
