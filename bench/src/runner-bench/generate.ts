/**
 * Generates the whole-run benchmark suites: `files` test files of
 * `testsPerFile` tests each, every test writing one small file into a temp
 * dir, in one variant per way of getting that dir.
 */
import type { Dependency, ProjectFiles } from '@temp-fixtures/test-support';

/** A suite variant: its files, its packages, and what it needs to exist. */
export interface Variant {
  id: string;
  label: string;
  files: ProjectFiles;
  deps: Dependency[];
  /** Our packages whose `dist` must exist for the variant to run. */
  needs: ('vitest-temp' | 'jest-temp' | 'temp-fixtures')[];
}

/** Suite size. */
export interface SuiteShape {
  files: number;
  testsPerFile: number;
}

const FROM = 'bench';

function testFiles(shape: SuiteShape, ext: string, render: (file: number) => string): ProjectFiles {
  const files: ProjectFiles = {};
  for (let f = 0; f < shape.files; f++) files[`test/suite${f}.test.${ext}`] = render(f);
  return files;
}

function repeat(shape: SuiteShape, body: (test: number) => string): string {
  return Array.from({ length: shape.testsPerFile }, (_, t) => body(t)).join('\n');
}

// ---------------------------------------------------------------- Vitest

const VITEST_CONFIG = `export default { test: { include: ['test/**/*.test.js'] } };\n`;
const VITEST_DEPS: Dependency[] = [{ name: 'vitest', from: FROM }];

/** The Vitest variants. */
export function vitestVariants(shape: SuiteShape): Variant[] {
  const common = { 'vitest.config.js': VITEST_CONFIG };
  return [
    {
      id: 'baseline',
      label: 'no fixture: one shared dir per file (`beforeAll` mkdtemp, `afterAll` rm)',
      needs: [],
      deps: VITEST_DEPS,
      files: {
        ...common,
        ...testFiles(
          shape,
          'js',
          (f) => `import { afterAll, beforeAll, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'suite${f}-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

${repeat(shape, (t) => `test('t${t}', async () => { await writeFile(join(dir, 'f${t}.txt'), 'x'); });`)}
`,
        ),
      },
    },
    {
      id: 'hand',
      label: 'hand-written fixture: `beforeEach` mkdtemp, `afterEach` rm',
      needs: [],
      deps: VITEST_DEPS,
      files: {
        ...common,
        ...testFiles(
          shape,
          'js',
          () => `import { afterEach, beforeEach, test } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'hand-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

${repeat(shape, (t) => `test('t${t}', async () => { await writeFile(join(dir, 'f.txt'), 'x'); });`)}
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
        ...testFiles(
          shape,
          'js',
          () => `import { test } from 'vitest';
import { createFixture } from 'fs-fixture';

${repeat(
  shape,
  (t) => `test('t${t}', async () => {
  const fixture = await createFixture();
  try { await fixture.writeFile('f.txt', 'x'); } finally { await fixture.rm(); }
});`,
)}
`,
        ),
      },
    },
    {
      id: 'vitest-temp',
      label: "vitest-temp: `test('n', async ({ tmpDir }) => ...)`",
      needs: ['temp-fixtures', 'vitest-temp'],
      deps: [...VITEST_DEPS, 'temp-fixtures', 'vitest-temp'],
      files: {
        ...common,
        ...testFiles(
          shape,
          'js',
          () => `import { test } from 'vitest-temp';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

${repeat(shape, (t) => `test('t${t}', async ({ tmpDir }) => { await writeFile(join(tmpDir, 'f.txt'), 'x'); });`)}
`,
        ),
      },
    },
  ];
}

// ---------------------------------------------------------------- Jest

const JEST_DEPS: Dependency[] = [
  { name: 'jest', from: FROM },
  { name: 'jest-environment-node', from: FROM },
];

function jestConfig(extra: string): string {
  return `module.exports = { testMatch: ['**/test/**/*.test.js']${extra} };\n`;
}

/** The Jest variants (CommonJS test files, Jest's default transform). */
export function jestVariants(shape: SuiteShape): Variant[] {
  const pkg = {
    'package.json': JSON.stringify({ name: 'bench-jest', private: true, type: 'commonjs' }),
  };
  return [
    {
      id: 'baseline',
      label: 'no fixture: one shared dir per file (`beforeAll` mkdtemp, `afterAll` rm)',
      needs: [],
      deps: JEST_DEPS,
      files: {
        ...pkg,
        'jest.config.js': jestConfig(''),
        ...testFiles(
          shape,
          'js',
          (f) => `const { mkdtempSync, rmSync } = require('node:fs');
const { writeFile } = require('node:fs/promises');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

let dir;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'suite${f}-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

${repeat(shape, (t) => `test('t${t}', async () => { await writeFile(join(dir, 'f${t}.txt'), 'x'); });`)}
`,
        ),
      },
    },
    {
      id: 'hand',
      label: 'hand-written fixture: `beforeEach` mkdtemp, `afterEach` rm',
      needs: [],
      deps: JEST_DEPS,
      files: {
        ...pkg,
        'jest.config.js': jestConfig(''),
        ...testFiles(
          shape,
          'js',
          () => `const { mkdtemp, rm, writeFile } = require('node:fs/promises');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

let dir;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'hand-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

${repeat(shape, (t) => `test('t${t}', async () => { await writeFile(join(dir, 'f.txt'), 'x'); });`)}
`,
        ),
      },
    },
    {
      id: 'jest-temp',
      label: "jest-temp: `testEnvironment: 'jest-temp'`, `tmpDir()` from 'jest-temp'",
      needs: ['temp-fixtures', 'jest-temp'],
      deps: [...JEST_DEPS, 'temp-fixtures', 'jest-temp'],
      files: {
        ...pkg,
        'jest.config.js': jestConfig(`, testEnvironment: 'jest-temp'`),
        ...testFiles(
          shape,
          'js',
          () => `const { writeFile } = require('node:fs/promises');
const { join } = require('node:path');
const { tmpDir } = require('jest-temp');

${repeat(shape, (t) => `test('t${t}', async () => { await writeFile(join(tmpDir(), 'f.txt'), 'x'); });`)}
`,
        ),
      },
    },
  ];
}
