/**
 * Removing a tree of small files in folders of 100. Floor: a plain
 * readdir/unlink/rmdir walk. Each sample builds a fresh tree (untimed) and
 * times only its removal.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { NodeTask } from '../model.js';
import { type Context, expectThat, type ScenarioPlan, since, withLookup } from '../scenario.js';
import { creatable, type Lookup, lowLevel, type TemporaryDirectoryLike } from '../subjects.js';
import { buildTree, FILES_PER_DIR, walkRemove, walkRemoveSync } from '../tree.js';

function rmAvailable(): Lookup<string> {
  const probe = spawnSync('rm', ['--version'], { stdio: 'ignore' });
  return probe.error
    ? { ok: false, reason: `rm: ${probe.error.message} (skipped)` }
    : { ok: true, value: 'rm' };
}

/** Times the removal of `ops` fresh trees of `files` files, each built first by `make`. */
function timedRemovals(ops: number, make: () => string, remove: (root: string) => void): number {
  let total = 0;
  for (let i = 0; i < ops; i++) {
    const root = make();
    const start = process.hrtime.bigint();
    remove(root);
    total += since(start);
  }
  return total;
}

async function timedRemovalsAsync(
  ops: number,
  make: () => string,
  remove: (root: string) => Promise<void>,
): Promise<number> {
  let total = 0;
  for (let i = 0; i < ops; i++) {
    const root = make();
    const start = process.hrtime.bigint();
    await remove(root);
    total += since(start);
  }
  return total;
}

/** Checks a cleanup: the tree is gone and a link out of it did not take its target along. */
async function checkCleanup(
  scratch: string,
  make: () => TemporaryDirectoryLike,
  cleanup: (d: TemporaryDirectoryLike) => void | Promise<void>,
): Promise<void> {
  const outside = path.join(scratch, 'bench-link-target');
  fs.writeFileSync(outside, 'keep');
  const dir = make();
  buildTree(dir.name, 150);
  fs.symlinkSync(outside, path.join(dir.name, 'd0', 'link'));
  await cleanup(dir);
  expectThat(!fs.existsSync(dir.name), 'cleanup left the tree');
  expectThat(
    fs.readFileSync(outside, 'utf8') === 'keep',
    'cleanup followed a link out of the tree',
  );
  fs.unlinkSync(outside);
}

/** The tree-removal tasks for trees of `files` files. */
export function treeTasks(ctx: Context, files: number): NodeTask[] {
  const TemporaryDirectory = creatable<TemporaryDirectoryLike>('TemporaryDirectory');
  const low = lowLevel();
  const prefix = path.join(ctx.scratch, 'tree');
  const makeRoot = (): string => {
    const root = fs.mkdtempSync(prefix);
    buildTree(root, files);
    return root;
  };
  return [
    {
      id: 'floor',
      short: 'floor',
      label: 'readdir/unlink/rmdir walk, sync (floor)',
      kind: 'floor',
      floor: null,
      async: false,
      sample: (ops) => timedRemovals(ops, makeRoot, walkRemoveSync),
    },
    {
      id: 'floor-async',
      short: 'async floor',
      label: 'the same walk with `fs.promises`, sequential (async floor)',
      kind: 'floor',
      floor: 'floor',
      async: true,
      sample: (ops) => timedRemovalsAsync(ops, makeRoot, walkRemove),
    },
    withLookup(
      {
        id: 'tf-sync',
        short: 'cleanupSync',
        label: 'temp-fixtures `TemporaryDirectory#cleanupSync()`',
        kind: 'subject',
        floor: 'floor',
      },
      TemporaryDirectory,
      (TD) => {
        const dirs = new Map<string, TemporaryDirectoryLike>();
        const make = (): string => {
          const dir = TD.createSync();
          buildTree(dir.name, files);
          dirs.set(dir.name, dir);
          return dir.name;
        };
        return {
          async: false,
          sample: (ops) =>
            timedRemovals(ops, make, (root) => {
              dirs.get(root)!.cleanupSync();
              dirs.delete(root);
            }),
          check: () =>
            checkCleanup(
              ctx.scratch,
              () => TD.createSync(),
              (d) => d.cleanupSync(),
            ),
        };
      },
    ),
    withLookup(
      {
        id: 'tf-async',
        short: 'cleanup (async)',
        label: 'temp-fixtures `await TemporaryDirectory#cleanup()`',
        kind: 'subject',
        floor: 'floor-async',
      },
      TemporaryDirectory,
      (TD) => {
        const dirs = new Map<string, TemporaryDirectoryLike>();
        const make = (): string => {
          const dir = TD.createSync();
          buildTree(dir.name, files);
          dirs.set(dir.name, dir);
          return dir.name;
        };
        return {
          async: true,
          sample: (ops) =>
            timedRemovalsAsync(ops, make, async (root) => {
              await dirs.get(root)!.cleanup();
              dirs.delete(root);
            }),
          check: () =>
            checkCleanup(
              ctx.scratch,
              () => TD.createSync(),
              (d) => d.cleanup(),
            ),
        };
      },
    ),
    withLookup(
      {
        id: 'tf-removetree',
        short: 'removeTreeSync',
        label: 'temp-fixtures `removeTreeSync(path)`',
        kind: 'subject',
        floor: 'floor',
      },
      low,
      (api) => ({
        async: false,
        sample: (ops) => timedRemovals(ops, makeRoot, (root) => api.removeTreeSync(root)),
      }),
    ),
    withLookup(
      {
        id: 'rm-rf',
        short: 'rm -rf',
        label: '`rm -rf` (child process, spawn included)',
        kind: 'peer',
        floor: 'floor',
      },
      rmAvailable(),
      (rm) => ({
        async: false,
        sample: (ops) =>
          timedRemovals(ops, makeRoot, (root) => {
            const result = spawnSync(rm, ['-rf', root]);
            if (result.status !== 0) throw new Error(`rm -rf failed: ${result.stderr}`);
          }),
      }),
    ),
    {
      id: 'fs-rmsync',
      short: 'fs.rmSync',
      label: '`fs.rmSync(path, { recursive: true })`',
      kind: 'peer',
      floor: 'floor',
      async: false,
      sample: (ops) => timedRemovals(ops, makeRoot, (root) => fs.rmSync(root, { recursive: true })),
    },
  ];
}

/** Builds the tree-removal scenario. */
export async function treeScenario(ctx: Context): Promise<ScenarioPlan> {
  const main = ctx.settings.treeFiles;
  return {
    id: 'tree',
    title: `remove a tree of ${main.toLocaleString('en-US')} files in ${main / FILES_PER_DIR} dirs`,
    unit: 'tree',
    ops: 1,
    rounds: ctx.settings.treeRounds,
    samplesPerRound: 1,
    warmup: false,
    targets: [{ row: 'tf-sync', max: 1.0 }],
    notes: [
      'Each sample builds a fresh tree (not timed) and times only its removal. In each folder the first file is created and the other 99 are hard links to it: creating an inode costs about 1 ms on this machine, and removing a link costs what removing a file does.',
      'The async cleanup row is divided by the async floor (the same walk with `fs.promises`, one call at a time).',
      '`rm -rf` includes spawning the process (about a millisecond).',
    ],
    tasks: treeTasks(ctx, main),
    python: {
      op: 'tree',
      size: main,
      rows: [
        {
          id: 'py-floor',
          short: 'CPython os floor',
          variant: 'floor',
          label: 'CPython `os.scandir`/`unlink`/`rmdir` walk (its floor)',
          kind: 'floor',
          floor: 'floor',
        },
        {
          id: 'py-rmtree',
          short: 'shutil.rmtree',
          variant: 'shutil.rmtree',
          label: 'CPython `shutil.rmtree`',
          kind: 'peer',
          floor: 'py-floor',
        },
      ],
    },
  };
}
