/**
 * Runs never touch each other's dirs, and a root someone else could have
 * planted or could tamper with is refused with a clear error.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Project } from '@temp-fixtures/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  BARE_CONFIG,
  IMPORT,
  keptEntries,
  PLUGIN_CONFIG,
  runDirs,
  siblingRoot,
  testDirs,
  vitest,
  vitestProject,
} from './support/e2e.js';

const HOLD = `${IMPORT}
const label = process.env.RUN_LABEL;
const sync = process.env.SYNC_DIR;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('holds its dir while the other run works', { timeout: 60000 }, async ({ tmpDir, tmp }) => {
  await tmp.write('mine.txt', label);
  fs.writeFileSync(path.join(sync, label), tmpDir);
  // Both runs are live from here on.
  while (fs.readdirSync(sync).length < 2) await sleep(20);
  await sleep(300);
  expect(fs.readdirSync(tmpDir)).toEqual(['mine.txt']);
  expect(await tmp.read('mine.txt')).toBe(label);
});

test('fails and is kept', async ({ tmp }) => {
  await tmp.write('label.txt', label);
  throw new Error('kept on purpose');
});
`;

const USES = `${IMPORT}
test('uses tmpDir', ({ tmpDir }) => {
  expect(tmpDir).toBeTypeOf('string');
});
`;

let project: Project;

beforeAll(() => {
  project = vitestProject({
    'hold.test.js': HOLD,
    'uses.test.js': USES,
    'vitest.config.js': PLUGIN_CONFIG,
    'bare.config.js': BARE_CONFIG,
  });
});
afterAll(() => project.remove());

test('two runs at once on one root keep to their own run dirs', async () => {
  const root = siblingRoot(project, 'shared');
  const sync = siblingRoot(project, 'sync');
  fs.mkdirSync(sync);
  const run = (label: string, args: string[]) =>
    vitest(project, {
      root,
      args: ['hold', ...args],
      env: { KEEP_TMP: '1', RUN_LABEL: label, SYNC_DIR: sync },
    });
  // One run with the plugin (it closes its run at the end), one without.
  const [a, b] = await Promise.all([run('a', []), run('b', ['--config', 'bare.config.js'])]);
  for (const result of [a, b]) {
    expect(result.code).toBe(1);
    expect(result.output).toContain('Tests  1 failed | 1 passed (2)');
  }
  const runs = runDirs(root).map((name) => path.join(root, name));
  expect(runs).toHaveLength(2);
  const labels = runs.map((dir) => {
    const [entry, ...others] = keptEntries(dir);
    expect(others).toEqual([]);
    expect(entry!.name).toBe('fails and is kept');
    expect(testDirs(dir)).toEqual([path.relative(dir, entry!.path)]);
    return fs.readFileSync(path.join(entry!.path, 'label.txt'), 'utf8');
  });
  expect(labels.sort()).toEqual(['a', 'b']);
  // Each held dir was inside a different run.
  const held = ['a', 'b'].map((label) => fs.readFileSync(path.join(sync, label), 'utf8'));
  expect(path.dirname(path.dirname(held[0]!))).not.toBe(path.dirname(path.dirname(held[1]!)));
});

describe.concurrent('a root that is not private is refused', () => {
  /** With the plugin: refused once, at start, before any test; without: by each test using it. */
  async function expectRefused(root: string, why: string): Promise<void> {
    const message = `temp-fixtures refuses to use '${root}': it ${why}`;
    const atStart = await vitest(project, { root, args: ['uses'] });
    expect(atStart.code).toBe(1);
    expect(atStart.output).toContain('Startup Error');
    expect(atStart.output.split(message)).toHaveLength(2);
    expect(atStart.output).toContain(
      'Or set TEMP_FIXTURES_ROOT to a private directory. (ERR_UNSAFE_ROOT)',
    );
    expect(atStart.output).not.toContain('uses.test.js');
    const bare = await vitest(project, { root, args: ['uses', '--config', 'bare.config.js'] });
    expect(bare.code).toBe(1);
    expect(bare.output).toContain('FAIL  uses.test.js > uses tmpDir');
    expect(bare.output).toContain(message);
  }

  test('a symlink', async () => {
    const target = siblingRoot(project, 'planted-target');
    fs.mkdirSync(target, { mode: 0o700 });
    const root = siblingRoot(project, 'planted-link');
    fs.symlinkSync(target, root);
    await expectRefused(root, 'is a symbolic link');
    expect(fs.readdirSync(target)).toEqual([]);
  });

  test('writable by others', async () => {
    const root = siblingRoot(project, 'open-root');
    fs.mkdirSync(root);
    fs.chmodSync(root, 0o777);
    await expectRefused(root, 'is writable by group or others (mode 777)');
    expect(fs.readdirSync(root)).toEqual([]);
  });

  // Giving a dir away needs root; on a machine where we are not, there is nothing to give.
  test.skipIf(process.getuid?.() !== 0 /* chown to another user needs root; CI runs as root */)(
    'owned by another user',
    async () => {
      const root = siblingRoot(project, 'foreign-root');
      fs.mkdirSync(root, { mode: 0o700 });
      fs.chownSync(root, 65534, 65534);
      await expectRefused(root, 'is owned by uid 65534, not by the current user (uid 0)');
      expect(fs.readdirSync(root)).toEqual([]);
    },
  );
});
