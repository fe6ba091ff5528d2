/**
 * What the anchored walk adds: links named with a trailing `/` or `/.`,
 * trees deeper than PATH_MAX under a small fd limit, names that are not
 * UTF-8 next to swallowed failures, an ancestor moved away mid-walk, and the
 * path walk kept for platforms without procfs.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  actionFor,
  type RemoveTreeOptions,
  removeTree,
  removeTreeSync,
  useRemovalWalk,
} from '../src/cleanup.js';
import { procFs } from './helpers/procfs.js';
import { buildTree, exists, listTree } from './helpers/trees.js';
import { asNobodyAsync, bundleLibrary, nobodyScratch } from './helpers/unprivileged.js';

type Remove = (target: string | Buffer, options?: RemoveTreeOptions) => Promise<void>;

const FORMS: [string, Remove][] = [
  ['removeTreeSync', async (target, options) => removeTreeSync(target, options)],
  ['removeTree', (target, options) => removeTree(target, options)],
];

let scratch: string;
beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'anchored-test-'));
});
afterEach(() => {
  useRemovalWalk('auto');
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe.each(FORMS)('%s', (_name, remove) => {
  it.each(['/', '/.', '//', '/./', '/.//.'])(
    'removes a link named with "%s" after it, never its target',
    async (tail) => {
      const target = path.join(scratch, 'target');
      buildTree(target, 1, 1, 2);
      const before = listTree(target);
      const link = path.join(scratch, 'link');
      fs.symlinkSync(target, link);
      await remove(link + tail);
      expect(exists(link)).toBe(false);
      expect(listTree(target)).toEqual(before);
    },
  );

  it('removes a dir named with a trailing separator', async () => {
    const dir = path.join(scratch, 'dir');
    buildTree(dir, 2, 2, 2);
    await remove(`${dir}/`);
    expect(exists(dir)).toBe(false);
  });

  it.each(['..', 'a/..', 'a/../', 'a/../.', 'a/..//'])(
    'refuses "%s" with ERR_INVALID_ARG_VALUE, touching nothing',
    async (name) => {
      const dir = path.join(scratch, 'a');
      buildTree(dir, 1, 1, 1);
      const before = listTree(scratch);
      await expect(remove(path.join(scratch, '') + path.sep + name)).rejects.toMatchObject({
        code: 'ERR_INVALID_ARG_VALUE',
        message: expect.stringMatching(/refusing to remove .*'\.' or '\.\.'/),
      });
      expect(listTree(scratch)).toEqual(before);
    },
  );

  it('refuses "." and "./" (the working dir), touching nothing', async () => {
    for (const name of ['.', './', './/.']) {
      await expect(remove(name)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    }
    expect(exists(process.cwd())).toBe(true);
  });

  it('removes a dir named "dir/." as the dir itself', async () => {
    const dir = path.join(scratch, 'dir');
    buildTree(dir, 1, 1, 1);
    await remove(`${dir}/.`);
    expect(exists(dir)).toBe(false);
    expect(exists(scratch)).toBe(true);
  });

  it('refuses a path with a NUL byte', async () => {
    await expect(remove(`${scratch}/x\0y`)).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_VALUE',
    });
  });

  it('removes names that are not UTF-8 even when another failure was swallowed', async () => {
    const box = nobodyScratch();
    try {
      const root = path.join(box.path, 'tree');
      await asNobodyAsync(async () => buildTree(root, 1, 1, 1));
      // A root-owned dir nobody cannot empty: its failure is swallowed.
      const locked = path.join(root, 'locked');
      fs.mkdirSync(locked, 0o755);
      fs.writeFileSync(path.join(locked, 'stuck'), 'x');
      const rootBytes = Buffer.from(root);
      const odd = Buffer.concat([rootBytes, Buffer.from('/bad\xff', 'latin1')]);
      const oddDir = Buffer.concat([rootBytes, Buffer.from('/dir\xc3', 'latin1')]);
      await asNobodyAsync(async () => {
        fs.writeFileSync(odd, 'x');
        fs.mkdirSync(oddDir);
        fs.writeFileSync(Buffer.concat([oddDir, Buffer.from('/f\x80', 'latin1')]), 'x');
        await remove(root, { ignoreErrors: true });
      });
      expect(exists(odd)).toBe(false);
      expect(exists(oddDir)).toBe(false);
      expect(fs.readdirSync(root)).toEqual(['locked']);
      expect(fs.readdirSync(locked)).toEqual(['stuck']);
    } finally {
      box.remove();
    }
  });

  it('runs the path walk where procfs is not usable, with the same results', async () => {
    expect(useRemovalWalk('path')).toBe('path');
    const root = path.join(scratch, 'tree');
    buildTree(root, 3, 2, 3);
    const outsideDir = path.join(scratch, 'outside');
    buildTree(outsideDir, 1, 1, 1);
    fs.symlinkSync(outsideDir, path.join(root, 'dir0', 'link'));
    fs.writeFileSync(Buffer.concat([Buffer.from(root), Buffer.from('/bad\xff', 'latin1')]), 'x');
    await remove(root);
    expect(exists(root)).toBe(false);
    expect(listTree(outsideDir)).toEqual(['dir0/', 'dir0/test0.txt', 'test0.txt']);
    await remove(`${root}-missing`);
  });
});

describe('under a small fd limit (ulimit -n 256), in a child', () => {
  it.skipIf(!procFs /* past PATH_MAX only the anchored removal (procfs) reaches */)(
    'removes 5,000-level trees with removeTree, removeTreeSync and TemporaryDirectory',
    () => {
      const bundle = bundleLibrary(scratch, ['src/index', 'test/helpers/trees']);
      const code = `
      const fs = require('fs');
      const path = require('path');
      const lib = require(process.argv[1]);
      const scratch = process.argv[2];
      const build = (root) => lib.buildDeepTree(root, 5000);
      (async () => {
        const gone = {};
        for (const form of ['removeTreeSync', 'removeTree']) {
          const root = path.join(scratch, form);
          build(root);
          await lib[form](root);
          gone[form] = !fs.existsSync(root);
        }
        const sync = lib.TemporaryDirectory.createSync({ dir: scratch });
        build(path.join(sync.name, 'deep'));
        sync.cleanupSync();
        gone.cleanupSync = !fs.existsSync(sync.name);
        const promised = await lib.TemporaryDirectory.create({ dir: scratch });
        build(path.join(promised.name, 'deep'));
        await promised.cleanup();
        gone.cleanup = !fs.existsSync(promised.name);
        let fds = 0;
        try { fds = fs.readdirSync('/proc/self/fd').length; } catch {}
        console.log(JSON.stringify({ gone, limit: require('child_process').execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim(), fds }));
      })().catch((e) => { console.error(e); process.exit(1); });
    `;
      const result = spawnSync(
        '/bin/sh',
        [
          '-c',
          'ulimit -n 256 && exec "$0" -e "$1" "$2" "$3"',
          process.execPath,
          code,
          bundle,
          scratch,
        ],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.limit).toBe('256');
      expect(report.gone).toEqual({
        removeTreeSync: true,
        removeTree: true,
        cleanupSync: true,
        cleanup: true,
      });
      // Nothing held open afterwards beyond the usual handful.
      expect(report.fds).toBeLessThan(40);
    },
    180_000,
  );
});

describe('an ancestor moved away while closed for the fd budget', () => {
  it.skipIf(!procFs /* the anchored removal's check */)(
    'stops with ERR_TREE_MOVED rather than walk the dir it now sits in',
    async () => {
      // 40 levels (more than the 32 descriptors one removal holds), then many
      // files at the bottom to give the mover time; siblings named like the
      // outside dir's entries, which a walk that followed the move would delete.
      const root = path.join(scratch, 'tree');
      let level = root;
      const levels: string[] = [];
      for (let i = 0; i < 40; i++) {
        fs.mkdirSync(path.join(level, 'sibling'), { recursive: true });
        fs.writeFileSync(path.join(level, 'sibling', 'f'), 'tree');
        level = path.join(level, `l${i}`);
        levels.push(level);
      }
      fs.mkdirSync(level);
      for (let i = 0; i < 20000; i++) fs.writeFileSync(path.join(level, `f${i}`), '');
      const outsideDir = path.join(scratch, 'outside');
      fs.mkdirSync(path.join(outsideDir, 'sibling'), { recursive: true });
      fs.writeFileSync(path.join(outsideDir, 'sibling', 'precious'), 'keep me');
      const before = listTree(outsideDir);

      const removal = removeTree(root).then(
        () => undefined,
        (error: unknown) => error,
      );
      // Once the bottom starts to empty, move level 5 (closed by then) into outside.
      const bottom = level;
      for (let i = 0; i < 5000 && fs.readdirSync(bottom).length >= 20000; i++) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      fs.renameSync(levels[5]!, path.join(outsideDir, 'moved'));
      const error = await removal;
      expect(error).toMatchObject({ code: 'ERR_TREE_MOVED' });
      expect((error as Error).message).toContain(levels[4]);
      // The moved subtree was ours and is emptied (its now-empty top stays, as
      // removing it would need the parent it was moved into); the rest of
      // outside stays.
      expect(listTree(outsideDir)).toEqual(['moved/', ...before].sort());
      expect(fs.readFileSync(path.join(outsideDir, 'sibling', 'precious'), 'utf8')).toBe('keep me');
    },
    60_000,
  );
});

describe('the error policy', () => {
  const error = (code: string) => Object.assign(new Error(code), { code });
  it.each([
    ['ENOENT', 'unlink', false, 'done'],
    ['ENOTDIR', 'open', false, 'unlink'],
    ['ELOOP', 'open', false, 'unlink'],
    ['ENOTDIR', 'list', false, 'unlink'],
    ['ENOTDIR', 'rmdir', false, 'unlink'],
    ['EISDIR', 'unlink', false, 'descend'],
    ['EACCES', 'unlink', false, 'repair'],
    ['EPERM', 'rmdir', false, 'repair'],
    ['EACCES', 'unlink', true, 'fail'],
    ['ENOTEMPTY', 'rmdir', false, 'relist'],
    ['EEXIST', 'rmdir', false, 'relist'],
    ['EIO', 'unlink', false, 'fail'],
    ['EROFS', 'rmdir', false, 'fail'],
  ] as const)('%s on %s (repaired: %s) → %s', (code, operation, repaired, action) => {
    expect(actionFor(error(code), operation, repaired)).toBe(action);
  });
});

describe('which walk', () => {
  it('is the anchored walk exactly where procfs is mounted, else the path walk', () => {
    expect(useRemovalWalk('auto')).toBe(procFs ? 'anchored' : 'path');
  });
});
