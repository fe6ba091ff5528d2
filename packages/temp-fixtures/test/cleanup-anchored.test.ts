import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionFor, type RemoveTreeOptions, removeTree, removeTreeSync } from '../src/cleanup.js';
import { useRemovalWalk } from '../src/testing.js';
import { procFs } from './helpers/procfs.js';
import { useRemovalScratch } from './helpers/removal-scratch.js';
import { buildTree, exists, listTree } from './helpers/trees.js';
import { asNobodyAsync, nobodyScratch } from './helpers/unprivileged.js';

type Remove = (target: string | Buffer, options?: RemoveTreeOptions) => Promise<void>;

const FORMS: [string, Remove][] = [
  ['removeTreeSync', async (target, options) => removeTreeSync(target, options)],
  ['removeTree', (target, options) => removeTree(target, options)],
];

const scratch = useRemovalScratch();

describe.each(FORMS)('%s', (_name, remove) => {
  it.each(['/', '/.', '//', '/./', '/.//.'])(
    'removes a link named with "%s" after it, never its target',
    async (tail) => {
      const target = path.join(scratch.dir, 'target');
      buildTree(target, 1, 1, 2);
      const before = listTree(target);
      const link = path.join(scratch.dir, 'link');
      fs.symlinkSync(target, link);
      await remove(link + tail);
      expect(exists(link)).toBe(false);
      expect(listTree(target)).toEqual(before);
    },
  );

  it('removes a dir named with a trailing separator', async () => {
    const dir = path.join(scratch.dir, 'dir');
    buildTree(dir, 2, 2, 2);
    await remove(`${dir}/`);
    expect(exists(dir)).toBe(false);
  });

  it.each(['..', 'a/..', 'a/../', 'a/../.', 'a/..//'])(
    'refuses "%s" with ERR_INVALID_ARG_VALUE, touching nothing',
    async (name) => {
      const dir = path.join(scratch.dir, 'a');
      buildTree(dir, 1, 1, 1);
      const before = listTree(scratch.dir);
      await expect(remove(path.join(scratch.dir, '') + path.sep + name)).rejects.toMatchObject({
        code: 'ERR_INVALID_ARG_VALUE',
        message: expect.stringMatching(/refusing to remove .*'\.' or '\.\.'/),
      });
      expect(listTree(scratch.dir)).toEqual(before);
    },
  );

  it('refuses "." and "./" (the working dir), touching nothing', async () => {
    for (const name of ['.', './', './/.']) {
      await expect(remove(name)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    }
    expect(exists(process.cwd())).toBe(true);
  });

  it('removes a dir named "dir/." as the dir itself', async () => {
    const dir = path.join(scratch.dir, 'dir');
    buildTree(dir, 1, 1, 1);
    await remove(`${dir}/.`);
    expect(exists(dir)).toBe(false);
    expect(exists(scratch.dir)).toBe(true);
  });

  it('refuses a path with a NUL byte', async () => {
    await expect(remove(`${scratch.dir}/x\0y`)).rejects.toMatchObject({
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
    const root = path.join(scratch.dir, 'tree');
    buildTree(root, 3, 2, 3);
    const outsideDir = path.join(scratch.dir, 'outside');
    buildTree(outsideDir, 1, 1, 1);
    fs.symlinkSync(outsideDir, path.join(root, 'dir0', 'link'));
    fs.writeFileSync(Buffer.concat([Buffer.from(root), Buffer.from('/bad\xff', 'latin1')]), 'x');
    await remove(root);
    expect(exists(root)).toBe(false);
    expect(listTree(outsideDir)).toEqual(['dir0/', 'dir0/test0.txt', 'test0.txt']);
    await remove(`${root}-missing`);
  });
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
