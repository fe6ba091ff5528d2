/**
 * KEEP_TMP end to end, with and without the plugin: what is left on disk,
 * what is printed, and that a bad value stops the run before any test.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Project } from '@temp-fixtures/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  BARE_CONFIG,
  IMPORT,
  keptEntries,
  keptLines,
  onlyRun,
  PLUGIN_CONFIG,
  runDirs,
  siblingRoot,
  testDirs,
  vitest,
  vitestProject,
} from './support/e2e.js';

const BASIC = `${IMPORT}
describe('suite', () => {
  test('passes', async ({ tmp }) => {
    await tmp.write('pass.txt', 'pass');
  });
  test('fails', async ({ tmp }) => {
    await tmp.write('fail.txt', 'fail');
    expect('actual').toBe('expected');
  });
  test('uses tmpFile', ({ tmpFile }) => {
    fs.writeFileSync(tmpFile, 'file');
  });
});
`;

const NO_FIXTURE = `import { test, expect } from 'vitest-temp';
test('plain', () => {
  expect(1 + 1).toBe(2);
});
`;

const KEEP_FAILED_CONFIG = `import { defineConfig } from 'vitest/config';
import { tempFixturesPlugin } from 'vitest-temp/plugin';
export default defineConfig({ plugins: [tempFixturesPlugin({ keep: 'failed' })] });
`;

/** Watch mode through Vitest's API: the first run, then one rerun. */
const WATCH = `import { createVitest } from 'vitest/node';
const vitest = await createVitest('test', { watch: true, include: ['basic.test.js'] });
await vitest.start();
await vitest.rerunFiles();
await vitest.close();
`;

const ACCEPTED =
  "KEEP_TMP must be one of '0', 'false', 'never', '1', 'true', 'failed', 'all' (or unset); got 'bogus'";
const BARE = ['--config', 'bare.config.js'];

let project: Project;

beforeAll(() => {
  project = vitestProject({
    'basic.test.js': BASIC,
    'nofixture.test.js': NO_FIXTURE,
    'vitest.config.js': PLUGIN_CONFIG,
    'bare.config.js': BARE_CONFIG,
    'keep-failed.config.js': KEEP_FAILED_CONFIG,
    'watch.mjs': WATCH,
  });
});
afterAll(() => project.remove());

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function expectOnlyFailedKept(root: string, output: string): string {
  const run = onlyRun(root);
  const [entry, ...others] = keptEntries(run);
  expect(others).toEqual([]);
  expect(entry).toMatchObject({
    file: 'basic.test.js',
    name: 'suite > fails',
    reason: 'failed',
    attempt: 0,
  });
  expect(path.dirname(path.dirname(entry!.path))).toBe(run);
  expect(testDirs(run)).toEqual([path.relative(run, entry!.path)]);
  expect(fs.readdirSync(entry!.path)).toEqual(['fail.txt']);
  expect(keptLines(output)).toEqual([
    `temp-fixtures: kept ${entry!.path} [failed] basic.test.js > suite > fails`,
  ]);
  return entry!.path;
}

describe.concurrent('with the plugin', () => {
  test('KEEP_TMP unset: nothing is left, not even the run dir', async () => {
    const root = siblingRoot(project, 'plugin-unset');
    const result = await vitest(project, { root, args: ['basic'] });
    expect(result.code).toBe(1);
    expect(result.output).toContain('Tests  1 failed | 2 passed (3)');
    expect(keptLines(result.output)).toEqual([]);
    expect(fs.existsSync(root)).toBe(true);
    expect(runDirs(root)).toEqual([]);
  });

  test('KEEP_TMP=1: only the failed test dir remains, reported at once and in the summary', async () => {
    const root = siblingRoot(project, 'plugin-failed');
    const report = `${root}-report.json`;
    const result = await vitest(project, {
      root,
      args: ['basic', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
      env: { KEEP_TMP: '1' },
    });
    expect(result.code).toBe(1);
    const kept = expectOnlyFailedKept(root, result.output);
    const run = path.dirname(path.dirname(kept));
    // On the failing test's own result: an annotation under its failure...
    expect(result.output).toMatch(
      new RegExp(`temp-fixtures\\n\\s*↳ kept ${escapeRegExp(kept)} \\[failed\\]\\n`),
    );
    // ...and `meta.tempFixturesKept` in the JSON report; passed tests carry none.
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    const metas = Object.fromEntries(
      json.testResults[0].assertionResults.map((t: { fullName: string; meta: object }) => [
        t.fullName,
        t.meta,
      ]),
    );
    expect(metas).toEqual({
      'suite fails': { tempFixturesKept: [{ path: kept, reason: 'failed', attempt: 0 }] },
      'suite passes': {},
      'suite uses tmpFile': {},
    });
    expect(result.stderr).toContain(
      [
        `temp-fixtures: kept 1 temp dir (listed in ${path.join(run, 'kept.json')}):`,
        '  [failed] basic.test.js > suite > fails',
        `    ${kept}`,
      ].join('\n'),
    );
    expect(fs.readFileSync(path.join(root, 'current'), 'utf8')).toBe(`${path.basename(run)}\n`);
  });

  test('KEEP_TMP=all: every dir a test used is kept', async () => {
    const root = siblingRoot(project, 'plugin-all');
    const result = await vitest(project, { root, args: ['basic'], env: { KEEP_TMP: 'all' } });
    expect(result.code).toBe(1);
    const run = onlyRun(root);
    const entries = keptEntries(run);
    expect(entries.map(({ name, reason }) => [name, reason])).toEqual([
      ['suite > fails', 'failed'],
      ['suite > passes', 'all'],
      ['suite > uses tmpFile', 'all'],
    ]);
    expect(testDirs(run)).toEqual(entries.map((e) => path.relative(run, e.path)).sort());
    expect(fs.readdirSync(entries[1]!.path)).toEqual(['pass.txt']);
    const [file] = fs.readdirSync(entries[2]!.path);
    expect(fs.readFileSync(path.join(entries[2]!.path, file!), 'utf8')).toBe('file');
    // At once only for the failed test; the summary has the others.
    expect(keptLines(result.output)).toEqual([
      `temp-fixtures: kept ${entries[0]!.path} [failed] basic.test.js > suite > fails`,
    ]);
    expect(result.stderr).toContain('temp-fixtures: kept 3 temp dirs');
    expect(result.stderr).toContain(
      `  [all] basic.test.js > suite > passes\n    ${entries[1]!.path}`,
    );
  });

  test('a bogus KEEP_TMP stops Vitest at start, naming the accepted values', async () => {
    const root = siblingRoot(project, 'plugin-bogus');
    const result = await vitest(project, { root, env: { KEEP_TMP: 'bogus' } });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(ACCEPTED);
    expect(result.output).not.toContain('basic.test.js');
    expect(fs.existsSync(root)).toBe(false);
  });

  test('a run whose tests use no fixture creates nothing at all', async () => {
    const root = siblingRoot(project, 'plugin-none');
    const result = await vitest(project, { root, args: ['nofixture'], env: { KEEP_TMP: 'all' } });
    expect(result.code).toBe(0);
    expect(fs.existsSync(root)).toBe(false);
  });

  test("the plugin's keep option is every test's default", async () => {
    const root = siblingRoot(project, 'plugin-option');
    const result = await vitest(project, {
      root,
      args: ['basic', '--config', 'keep-failed.config.js'],
    });
    expect(result.code).toBe(1);
    expectOnlyFailedKept(root, result.output);
    expect(result.stderr).toContain('temp-fixtures: kept 1 temp dir');
  });

  test('watch mode: every rerun is a run of its own, with its own summary', async () => {
    const root = siblingRoot(project, 'plugin-watch');
    const result = await vitest(project, { root, script: 'watch.mjs', env: { KEEP_TMP: '1' } });
    // Vitest sets the exit code for the failed test.
    expect(result.code, result.output).toBe(1);
    const runs = runDirs(root);
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      const [entry, ...others] = keptEntries(path.join(root, run));
      expect(others).toEqual([]);
      expect(entry!.name).toBe('suite > fails');
      expect(result.stderr).toContain(`    ${entry!.path}`);
    }
    expect(result.stderr.match(/temp-fixtures: kept 1 temp dir/g)).toHaveLength(2);
  });

  test('KEEP_TMP wins over the option', async () => {
    const root = siblingRoot(project, 'plugin-option-env');
    const result = await vitest(project, {
      root,
      args: ['basic', '--config', 'keep-failed.config.js'],
      env: { KEEP_TMP: '0' },
    });
    expect(result.code).toBe(1);
    expect(runDirs(root)).toEqual([]);
  });
});

describe.concurrent('without the plugin', () => {
  test('KEEP_TMP unset: test dirs go at once, the empty run is removed by the next run', async () => {
    const root = siblingRoot(project, 'bare-unset');
    const first = await vitest(project, { root, args: ['basic', ...BARE] });
    expect(first.code).toBe(1);
    const firstRun = onlyRun(root);
    expect(testDirs(firstRun)).toEqual([]);
    const second = await vitest(project, { root, args: ['basic', ...BARE] });
    expect(second.code).toBe(1);
    const secondRun = onlyRun(root);
    expect(secondRun).not.toBe(firstRun);
    expect(fs.existsSync(firstRun)).toBe(false);
    expect(testDirs(secondRun)).toEqual([]);
  });

  test('KEEP_TMP=1: the failed dir is kept and reported, without a summary', async () => {
    const root = siblingRoot(project, 'bare-failed');
    const result = await vitest(project, {
      root,
      args: ['basic', ...BARE],
      env: { KEEP_TMP: '1' },
    });
    expect(result.code).toBe(1);
    expectOnlyFailedKept(root, result.output);
    expect(result.output).not.toContain('temp-fixtures: kept 1 temp dir');
  });

  test('a bogus KEEP_TMP fails every test file before its tests run', async () => {
    const root = siblingRoot(project, 'bare-bogus');
    const result = await vitest(project, { root, args: BARE, env: { KEEP_TMP: 'bogus' } });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(ACCEPTED);
    expect(result.output).toMatch(/Test Files {2}2 failed/);
    expect(result.output).toContain('no tests');
    expect(fs.existsSync(root)).toBe(false);
  });

  test('a run whose tests use no fixture creates nothing at all', async () => {
    const root = siblingRoot(project, 'bare-none');
    const result = await vitest(project, {
      root,
      args: ['nofixture', ...BARE],
      env: { KEEP_TMP: 'all' },
    });
    expect(result.code).toBe(0);
    expect(fs.existsSync(root)).toBe(false);
  });
});
