/**
 * Choosing and configuring the environment: the jsdom variant, options from
 * the config and per file from a docblock (jest-environment-options),
 * wrapping another base with `withTempFixtures`, extending the default
 * export, and the errors for a missing environment and a bad option.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  type JestRun,
  jestConfig,
  jestProject,
  type Project,
  readKeptJson,
  runDirs,
  runJest,
} from './helpers.js';

/** Vitest reads docblock pragmas anywhere in its own test files: keep them out of the source. */
const AT = '@';

const MARK = `const fs = require('node:fs');
const path = require('node:path');
const { tmpDir, tmp } = require('jest-temp');
const mark = (name) => fs.writeFileSync(path.join(tmpDir(), 'mark'), name);
`;

const FILES = {
  // The config keeps failed tests' dirs; the docblock of jsdom.test.js says 'all'.
  'jest.config.js': jestConfig({ extra: "testEnvironmentOptions: { keep: 'failed' }" }),
  'test/jsdom.test.js': `/**
 * ${AT}jest-environment jest-temp/jsdom
 * ${AT}jest-environment-options {"keep": "all"}
 */
${MARK}
test('jsdom passes', async () => {
  document.body.innerHTML = '<p id="greeting">hello</p>';
  await tmp.write('page.html', document.body.innerHTML);
  expect(await tmp.read('page.html')).toBe('<p id="greeting">hello</p>');
  expect(window.document).toBe(document);
  mark('jsdom passes');
});
`,
  'test/node.test.js': `${MARK}
test('node passes', () => { expect(typeof document).toBe('undefined'); mark('node passes'); });
test('node fails', () => { mark('node fails'); throw new Error('boom'); });
`,
  'env/custom.js': `const { withTempFixtures } = require('jest-temp/environment');
const { TestEnvironment } = require('jest-environment-node');
class Custom extends TestEnvironment {
  constructor(config, context) { super(config, context); this.global.custom = 'custom base'; }
}
module.exports = withTempFixtures(Custom);
`,
  'test/wrapped.test.js': `/** ${AT}jest-environment ./env/custom.js */
${MARK}
test('wrapped base fails', () => { expect(custom).toBe('custom base'); mark('wrapped base fails'); throw new Error('x'); });
`,
  'env/extended.js': `const JestTemp = require('jest-temp').default;
module.exports = class Extended extends JestTemp {
  async setup() { await super.setup(); this.global.extended = 'extended'; }
};
`,
  'test/extended.test.js': `/** ${AT}jest-environment ./env/extended.js */
${MARK}
test('extended default fails', () => { expect(extended).toBe('extended'); mark('extended default fails'); throw new Error('x'); });
`,
  'test/no-environment.test.js': `/** ${AT}jest-environment node */
const { tmpDir } = require('jest-temp');
test('no environment', () => {
  expect(() => tmpDir()).toThrow(expect.objectContaining({ code: 'ERR_NO_ENVIRONMENT' }));
  expect(() => tmpDir()).toThrow("testEnvironment: 'jest-temp'");
});
`,
  'esm/native.test.mjs': `import fs from 'node:fs';
import { tmp, tmpDir } from 'jest-temp';
test('native ESM imports', async () => {
  await tmp.write('mark', 'native ESM imports');
  expect(fs.readdirSync(tmpDir())).toEqual(['mark']);
});
`,
  'esm.config.js':
    "module.exports = { testEnvironment: 'jest-temp', testMatch: ['**/esm/*.test.mjs'] };\n",
  'test/lazy.test.js': `const { tmpDir } = require('jest-temp');
test('imports the fixtures but never touches them', () => { expect(typeof tmpDir).toBe('function'); });
`,
  'test/bad-option.test.js': `/** ${AT}jest-environment-options {"keep": "sometimes"} */
test('never runs', () => {});
`,
};

let project: Project;
let run: JestRun;
let lazyRun: JestRun;
let lazyRoot: string;
let esmRun: JestRun;
let esmRoot: string;

beforeAll(async () => {
  project = jestProject(FILES);
  lazyRoot = `${project.root}-lazy`;
  esmRoot = `${project.root}-esm`;
  [run, lazyRun, esmRun] = await Promise.all([
    runJest(project),
    runJest(project, ['--testPathPatterns', 'lazy'], { root: lazyRoot }),
    runJest(project, ['--config', 'esm.config.js'], {
      root: esmRoot,
      env: { NODE_OPTIONS: '--experimental-vm-modules', KEEP_TMP: 'all' },
    }),
  ]);
});

afterAll(() => project?.remove());

function kept(): Record<string, [string, string]> {
  const [runDir, ...others] = runDirs(project.root);
  expect(others).toEqual([]);
  return Object.fromEntries(
    readKeptJson(runDir!).kept.map((entry) => [
      entry.name,
      [entry.reason, fs.readFileSync(path.join(entry.path, 'mark'), 'utf8')],
    ]),
  );
}

test('the jsdom variant gives a DOM and the fixtures; per-file and config options apply', () => {
  for (const name of ['jsdom passes', 'node passes', 'no environment']) {
    expect(run.tests.get(name)?.status).toBe('passed');
  }
  expect(kept()).toEqual({
    // Docblock keep 'all' in jsdom.test.js; config keep 'failed' elsewhere.
    'jsdom passes': ['all', 'jsdom passes'],
    'node fails': ['failed', 'node fails'],
    'wrapped base fails': ['failed', 'wrapped base fails'],
    'extended default fails': ['failed', 'extended default fails'],
  });
});

test('withTempFixtures wraps another base, and the default export can be extended', () => {
  expect(run.tests.get('wrapped base fails')!.failureMessages.join('')).not.toContain(
    'custom base',
  );
  expect(run.tests.get('wrapped base fails')!.status).toBe('failed');
  expect(run.tests.get('extended default fails')!.failureMessages.join('')).toContain('Error: x');
});

test('a bad keep option stops its file with the accepted values', () => {
  expect(run.suiteFailures.join('\n')).toContain(
    "jest-temp: testEnvironmentOptions.keep must be one of '0', 'false', 'never', '1', 'true', 'failed', 'all'; got \"sometimes\"",
  );
  expect(run.code).toBe(1);
});

test('a run whose tests touch no fixture does no filesystem work: not even the root appears', () => {
  expect(lazyRun.code).toBe(0);
  expect(lazyRun.testCount).toBe(1);
  expect(fs.existsSync(lazyRoot)).toBe(false);
});

test('native ESM test files import the fixtures too (--experimental-vm-modules)', () => {
  expect(esmRun.tests.get('native ESM imports')?.status).toBe('passed');
  const [runDir] = runDirs(esmRoot);
  const [entry, ...others] = readKeptJson(runDir!).kept;
  expect(others).toEqual([]);
  expect(fs.readFileSync(path.join(entry!.path, 'mark'), 'utf8')).toBe('native ESM imports');
});
