/**
 * The packages as a user gets them from the registry: each is packed into a
 * tarball (`pnpm pack`, which turns `workspace:^` into a version as
 * `pnpm publish` does; `npm pack` would ship the `workspace:` range), then
 * installed with `npm install` into fresh projects outside the workspace:
 *
 * - `temp-fixtures` alone installs nothing else (memfs is an optional peer),
 *   and its memfs entry says how to install memfs;
 * - vitest@4 + vitest-temp, and jest@30 + jest-environment-node@30 +
 *   jest-temp, each run a tiny suite with one failing test under
 *   `KEEP_TMP=1`, set up exactly as the READMEs say, and the kept path is in
 *   each runner's JSON report, on the failing test's own result.
 *
 * npm uses its cache first (`--prefer-offline`); the registry is asked only
 * for what the cache lacks.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const PACKAGES = ['temp-fixtures', 'vitest-temp', 'jest-temp'] as const;
type PackageName = (typeof PACKAGES)[number];
const NPM_INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

let scratch = '';
const tarballs = {} as Record<PackageName, string>;
/** The three projects, installed in parallel in `beforeAll`. */
const projects = { core: '', vitest: '', jest: '' };

/**
 * The environment of a project outside the workspace: pnpm's bin shims set
 * NODE_PATH to the workspace's hoisted packages, which would let `require`
 * find what the project never installed.
 */
const outside: NodeJS.ProcessEnv = { ...process.env };
delete outside.NODE_PATH;
for (const key of Object.keys(outside)) {
  if (key.startsWith('npm_') || key === 'VITEST' || key.startsWith('VITEST_')) delete outside[key];
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Aborted when the file ends: an `npm install` still writing after a
 * timed-out `beforeAll` is stopped before the scratch dir is removed.
 */
const stopChildren = new AbortController();

/** Runs a command; never throws on a non-zero exit (the caller asserts). */
async function sh(
  file: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(file, args, {
      cwd,
      env: { ...outside, ...env },
      maxBuffer: 64 * 1024 * 1024,
      signal: stopChildren.signal,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : 1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? String(error),
    };
  }
}

/** pnpm as the workspace runs it: on PATH under `pnpm test`, else through npx. */
async function pnpm(): Promise<[string, string[]]> {
  const onPath = await sh('pnpm', ['--version'], repo);
  return onPath.code === 0 ? ['pnpm', []] : ['npx', ['-y', 'pnpm@10.34.8']];
}

/** A fresh project dir with a package.json. */
function project(name: string, manifest: object = {}): string {
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name, private: true, version: '0.0.0', ...manifest }, null, 2),
  );
  return dir;
}

async function npmInstall(dir: string, specs: readonly string[]): Promise<void> {
  const result = await sh('npm', [...NPM_INSTALL, ...specs], dir);
  if (result.code !== 0) throw new Error(`npm install in ${dir} failed:\n${result.stderr}`);
}

async function tarList(tarball: string): Promise<string[]> {
  const { stdout } = await sh('tar', ['-tzf', tarball], scratch);
  return stdout.split('\n').filter(Boolean);
}

function isKeptDir(dir: unknown): boolean {
  return typeof dir === 'string' && path.isAbsolute(dir) && fs.statSync(dir).isDirectory();
}

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'temp-fixtures-pack-'));
  const [file, pre] = await pnpm();
  const packs = path.join(scratch, 'tarballs');
  fs.mkdirSync(packs);
  for (const name of PACKAGES) {
    const result = await sh(
      file,
      [...pre, 'pack', '--pack-destination', packs],
      path.join(repo, 'packages', name),
    );
    expect(result.code, result.stderr).toBe(0);
    const tarball = fs.readdirSync(packs).find((f) => f.startsWith(`${name}-`));
    expect(tarball, `${name} tarball`).toBeDefined();
    tarballs[name] = path.join(packs, tarball!);
  }
  projects.core = project('core-alone', { type: 'module' });
  projects.vitest = project('vitest-project', { type: 'module', scripts: { test: 'vitest run' } });
  projects.jest = project('jest-project', { scripts: { test: 'jest' } });
  await Promise.all([
    npmInstall(projects.core, [tarballs['temp-fixtures']]),
    npmInstall(projects.vitest, [
      'vitest@4',
      'typescript@5.9.3',
      '@types/node@22',
      tarballs['temp-fixtures'],
      tarballs['vitest-temp'],
    ]),
    npmInstall(projects.jest, [
      'jest@30',
      'jest-environment-node@30',
      tarballs['temp-fixtures'],
      tarballs['jest-temp'],
    ]),
  ]);
  // A slow registry on a loaded machine: minutes, not a failure.
}, 600_000);

afterAll(async () => {
  stopChildren.abort();
  // The aborted children are gone once their processes exit; retry what they were writing.
  if (scratch !== '') fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 10 });
});

describe('the packed packages', () => {
  it.each(PACKAGES)('%s ships README.md, LICENSE and no workspace: range', async (name) => {
    const files = await tarList(tarballs[name]);
    expect(files).toContain('package/README.md');
    expect(files).toContain('package/LICENSE');
    expect(files).toContain('package/package.json');
    const { stdout } = await sh('tar', ['-xzOf', tarballs[name], 'package/package.json'], scratch);
    expect(stdout).not.toContain('workspace:');
  });

  it('temp-fixtures alone installs nothing else; its memfs entry names `npm install memfs`', async () => {
    const dir = projects.core;
    const ls = await sh('npm', ['ls', '--all', '--parseable'], dir);
    expect(ls.code, ls.stderr).toBe(0);
    const installed = ls.stdout
      .split('\n')
      .filter(Boolean)
      .map((p) => path.relative(dir, p));
    expect(installed).toEqual(['', path.join('node_modules', 'temp-fixtures')]);
    expect(
      fs.readdirSync(path.join(dir, 'node_modules')).filter((f) => !f.startsWith('.')),
    ).toEqual(['temp-fixtures']);
    fs.writeFileSync(
      path.join(dir, 'check.mjs'),
      [
        "import { TemporaryDirectory } from 'temp-fixtures';",
        "import { FixtureEngine, getEngine } from 'temp-fixtures/engine';",
        "import { createMemfsFixture } from 'temp-fixtures/memfs';",
        "import { createRequire } from 'node:module';",
        'const dir = TemporaryDirectory.createSync();',
        'dir.cleanupSync();',
        "if (typeof FixtureEngine !== 'function' || typeof getEngine !== 'function') throw new Error('engine');",
        "const cjs = createRequire(import.meta.url)('temp-fixtures/engine');",
        "if (typeof cjs.FixtureEngine !== 'function') throw new Error('engine (CJS)');",
        'try { createMemfsFixture(); } catch (error) { console.log(error.code, error.message); }',
      ].join('\n'),
    );
    const check = await sh('node', ['check.mjs'], dir);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('ERR_MEMFS_MISSING');
    expect(check.stdout).toContain('npm install --save-dev memfs');
  });

  it('a Vitest user without memfs type-checks under strict with skipLibCheck: false', async () => {
    const dir = projects.vitest;
    expect(fs.existsSync(path.join(dir, 'node_modules', 'memfs'))).toBe(false);
    fs.writeFileSync(
      path.join(dir, 'types-check.ts'),
      [
        "import { mkdtemp } from 'temp-fixtures';",
        "import type { FixtureEngine } from 'temp-fixtures/engine';",
        "import { expect, tempFixtures, test } from 'vitest-temp';",
        "import { tempFixturesPlugin } from 'vitest-temp/plugin';",
        '',
        "test('types', async ({ tmpDir, tmp, memfs }) => {",
        "  expect(typeof tmpDir).toBe('string');",
        "  await tmp.write('a.txt', 'a');",
        '  expect(memfs.vol.toJSON()).toEqual({});',
        '});',
        'export const used: [typeof mkdtemp, FixtureEngine | undefined, unknown, unknown] = [',
        '  mkdtemp, undefined, tempFixtures, tempFixturesPlugin,',
        '];',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(dir, 'tsconfig.types-check.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          skipLibCheck: false,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          noEmit: true,
        },
        files: ['types-check.ts'],
      }),
    );
    const tsc = await sh('npx', ['tsc', '-p', 'tsconfig.types-check.json'], dir);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  });

  it('vitest@4 + vitest-temp: KEEP_TMP=1 puts the kept path on the failing test in --reporter=json', async () => {
    const dir = projects.vitest;
    fs.mkdirSync(path.join(dir, 'test'));
    // As the vitest-temp README's "Use" section.
    fs.writeFileSync(
      path.join(dir, 'test', 'kept.test.ts'),
      [
        "import { expect, test } from 'vitest-temp';",
        '',
        "test('passes', async ({ tmp }) => {",
        "  await tmp.write('ok.txt', 'ok');",
        "  expect(await tmp.read('ok.txt')).toBe('ok');",
        '});',
        '',
        "test('fails on purpose', async ({ tmp }) => {",
        "  await tmp.write('config.json', '{}');",
        '  expect(1).toBe(2);',
        '});',
        '',
      ].join('\n'),
    );
    const root = path.join(scratch, 'vitest-root');
    const result = await sh(
      'npx',
      ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=report.json'],
      dir,
      { KEEP_TMP: '1', TEMP_FIXTURES_ROOT: root, CI: '1', NO_COLOR: '1' },
    );
    expect(result.code).toBe(1);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    const tests = report.testResults[0].assertionResults as {
      title: string;
      status: string;
      meta: { tempFixturesKept?: { path: string; reason: string }[] };
    }[];
    const failed = tests.find((t) => t.title === 'fails on purpose')!;
    expect(failed.status).toBe('failed');
    const kept = failed.meta.tempFixturesKept ?? [];
    expect(kept).toHaveLength(1);
    expect(kept[0]!.reason).toBe('failed');
    expect(isKeptDir(kept[0]!.path)).toBe(true);
    expect(kept[0]!.path.startsWith(root)).toBe(true);
    expect(fs.readdirSync(kept[0]!.path)).toEqual(['config.json']);
    expect(tests.find((t) => t.title === 'passes')!.meta.tempFixturesKept).toBeUndefined();
    // The annotation, under the failure in the default reporter's output.
    expect(result.stdout + result.stderr).toContain(`↳ kept ${kept[0]!.path} [failed]\n`);
  });

  it('jest@30 + jest-temp: KEEP_TMP=1 puts the kept path in the failing test’s failureMessages', async () => {
    const dir = projects.jest;
    // As the jest-temp README's "Use" section.
    fs.writeFileSync(
      path.join(dir, 'jest.config.js'),
      [
        'module.exports = {',
        "  testEnvironment: 'jest-temp',",
        "  reporters: ['default', 'jest-temp/reporter'],",
        '};',
        '',
      ].join('\n'),
    );
    fs.mkdirSync(path.join(dir, 'test'));
    fs.writeFileSync(
      path.join(dir, 'test', 'kept.test.js'),
      [
        "const { tmp, tmpDir } = require('jest-temp');",
        '',
        "test('passes', async () => {",
        "  await tmp.write('ok.txt', 'ok');",
        "  expect(await tmp.read('ok.txt')).toBe('ok');",
        '});',
        '',
        "test('fails on purpose', async () => {",
        "  await tmp.write('config.json', '{}');",
        "  expect(tmpDir()).toContain('fails');",
        '  expect(1).toBe(2);',
        '});',
        '',
      ].join('\n'),
    );
    const root = path.join(scratch, 'jest-root');
    const result = await sh('npx', ['jest', '--json', '--outputFile=report.json'], dir, {
      KEEP_TMP: '1',
      TEMP_FIXTURES_ROOT: root,
      CI: '1',
      NO_COLOR: '1',
    });
    expect(result.code).toBe(1);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    const tests = report.testResults[0].assertionResults as {
      title: string;
      status: string;
      failureMessages: string[];
    }[];
    const failed = tests.find((t) => t.title === 'fails on purpose')!;
    expect(failed.status).toBe('failed');
    const match = /temp-fixtures: kept (\S+)/.exec(failed.failureMessages.join('\n'));
    expect(match, failed.failureMessages.join('\n')).not.toBeNull();
    const keptPath = match![1]!;
    expect(isKeptDir(keptPath)).toBe(true);
    expect(keptPath.startsWith(root)).toBe(true);
    expect(fs.readdirSync(keptPath)).toEqual(['config.json']);
    // The failure block Jest prints carries it too.
    expect(result.stderr).toContain(`temp-fixtures: kept ${keptPath}`);
  });
});
