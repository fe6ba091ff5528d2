import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RemoveTreeOptions, removeTree, removeTreeSync } from '../src/cleanup.js';
import { buildTree, chmodTree, exists, OWNER_MODES as MODES, modeOf } from './helpers/trees.js';
import {
  asNobody,
  asNobodyAsync,
  NOBODY,
  type NobodyScratch,
  nobodyScratch,
  runAsNobody,
} from './helpers/unprivileged.js';

type Remove = (target: string | Buffer, options?: RemoveTreeOptions) => Promise<void>;

/** Both forms behind one async signature, so every behaviour is tested on each. */
const FORMS: [string, Remove][] = [
  ['removeTreeSync', async (target, options) => removeTreeSync(target, options)],
  ['removeTree', (target, options) => removeTree(target, options)],
];

/** Runs chattr (e.g. `+i`) on `target`; false when the filesystem or the user cannot. */
function chattr(flag: string, target: string): boolean {
  return spawnSync('chattr', [flag, target]).status === 0;
}

/** Whether the temp filesystem supports the immutable attribute (ext4, xfs, btrfs: yes). */
const immutableSupported = (() => {
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'chattr-probe-'));
  try {
    return chattr('+i', probe) && chattr('-i', probe);
  } finally {
    fs.rmdirSync(probe);
  }
})();

let scratch: string;
beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cleanup-test-'));
});
afterEach(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('the unprivileged-user helpers', () => {
  it('run a child as nobody, with no groups', () => {
    const result = runAsNobody(
      'process.stdout.write(JSON.stringify([process.getuid(), process.getgid(), process.getgroups()]))',
    );
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([NOBODY, NOBODY, [NOBODY]]);
  });

  it('switch this process to nobody and back, so modes really bind', () => {
    const closed = path.join(scratch, 'closed');
    fs.mkdirSync(closed, 0o700);
    const seen = asNobody(() => {
      try {
        fs.readdirSync(closed);
        return 'read';
      } catch (error) {
        return [process.geteuid!(), (error as NodeJS.ErrnoException).code];
      }
    });
    expect(seen).toEqual([NOBODY, 'EACCES']);
    expect(process.geteuid!()).toBe(0);
    expect(fs.readdirSync(closed)).toEqual([]);
  });
});

describe.each(FORMS)('%s', (_name, remove) => {
  it('removes a nested tree of files, dirs and empty dirs', async () => {
    const root = path.join(scratch, 'tree');
    buildTree(root, 3, 2, 2);
    fs.mkdirSync(path.join(root, 'empty', 'deeper'), { recursive: true });
    await remove(root);
    expect(exists(root)).toBe(false);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('treats a missing target, or a missing parent, as already removed', async () => {
    await expect(remove(path.join(scratch, 'missing'))).resolves.toBeUndefined();
    await expect(remove(path.join(scratch, 'no', 'such', 'dir'))).resolves.toBeUndefined();
  });

  it('removes a file given as the target', async () => {
    const file = path.join(scratch, 'file.txt');
    fs.writeFileSync(file, 'x');
    await remove(file);
    expect(exists(file)).toBe(false);
  });

  it('unlinks a link given as the target and leaves the dir it points to', async () => {
    const target = path.join(scratch, 'target');
    buildTree(target, 1, 1, 1);
    const link = path.join(scratch, 'link');
    fs.symlinkSync(target, link);
    await remove(link);
    expect(exists(link)).toBe(false);
    expect(fs.readdirSync(target).sort()).toEqual(['dir0', 'test0.txt']);
  });

  it('unlinks a link to a dir outside the tree, leaving the target and its files', async () => {
    const outside = path.join(scratch, 'outside');
    buildTree(outside, 0, 0, 1);
    const root = path.join(scratch, 'tree');
    buildTree(root);
    fs.symlinkSync(outside, path.join(root, 'foo'));
    await remove(root);
    expect(exists(root)).toBe(false);
    expect(fs.readdirSync(outside)).toEqual(['test0.txt']);
  });

  it('unlinks links in subdirs: to dirs, to files and dangling', async () => {
    const outside = path.join(scratch, 'outside');
    buildTree(outside, 1, 1, 1);
    const root = path.join(scratch, 'tree');
    buildTree(root, 2, 1, 1);
    const deep = path.join(root, 'dir0', 'dir0');
    fs.symlinkSync(outside, path.join(deep, 'to-dir'));
    fs.symlinkSync(path.join(outside, 'test0.txt'), path.join(deep, 'to-file'));
    fs.symlinkSync(path.join(scratch, 'nowhere'), path.join(deep, 'dangling'));
    fs.symlinkSync('..', path.join(deep, 'to-parent'));
    await remove(root);
    expect(exists(root)).toBe(false);
    expect(fs.readdirSync(outside).sort()).toEqual(['dir0', 'test0.txt']);
    expect(fs.readdirSync(path.join(outside, 'dir0'))).toEqual(['test0.txt']);
  });

  it('accepts Buffer paths, including names that are not UTF-8', async () => {
    const root = Buffer.from(path.join(scratch, 'bytes'));
    fs.mkdirSync(root);
    const odd = Buffer.concat([root, Buffer.from('/\xff\xfe', 'latin1')]);
    fs.mkdirSync(odd);
    fs.writeFileSync(Buffer.concat([odd, Buffer.from('/f\x80', 'latin1')]), 'x');
    await remove(root);
    expect(exists(root)).toBe(false);
  });

  it('removes names that are not UTF-8 below a string path', async () => {
    // As strings these names decode lossily and cannot be reached; the
    // removal has to notice the leftovers and go again by bytes.
    const root = path.join(scratch, 'mixed');
    buildTree(root, 1, 1, 1);
    const bytesRoot = Buffer.from(root);
    fs.writeFileSync(Buffer.concat([bytesRoot, Buffer.from('/bad\xff', 'latin1')]), 'x');
    const badDir = Buffer.concat([bytesRoot, Buffer.from('/dir0/sub\xc3', 'latin1')]);
    fs.mkdirSync(badDir);
    fs.writeFileSync(Buffer.concat([badDir, Buffer.from('/f')]), 'x');
    await remove(root);
    expect(exists(root)).toBe(false);
  });

  it('rejects bad arguments with errors naming them, touching nothing', async () => {
    const keep = path.join(scratch, 'keep');
    fs.mkdirSync(keep);
    await expect(remove(42 as unknown as string)).rejects.toMatchObject({
      name: 'TypeError',
      code: 'ERR_INVALID_ARG_TYPE',
      message: expect.stringMatching(/path must be a string or a Buffer \(got number\)/),
    });
    await expect(remove('')).rejects.toMatchObject({
      name: 'RangeError',
      message: expect.stringMatching(/path must not be empty/),
    });
    await expect(remove(path.parse(scratch).root)).rejects.toThrow(
      /refusing to remove the filesystem root/,
    );
    await expect(remove(`${scratch}/../..`.repeat(1) + '/..'.repeat(20))).rejects.toThrow(
      /filesystem root/,
    );
    await expect(remove(keep, { ignoreErrors: 'yes' as unknown as boolean })).rejects.toMatchObject(
      { name: 'TypeError', message: expect.stringMatching(/ignoreErrors must be a boolean/) },
    );
    expect(exists(keep)).toBe(true);
  });

  it.skipIf(!immutableSupported /* chattr +i needs root and ext4/xfs/btrfs */)(
    'fails with EPERM on an immutable file even as root, or skips it when ignoring',
    async () => {
      const root = path.join(scratch, 'tree');
      buildTree(root, 2, 1, 2);
      const stuck = path.join(root, 'dir0', 'dir0', 'test0.txt');
      fs.chmodSync(path.dirname(stuck), 0o500);
      expect(chattr('+i', stuck)).toBe(true);
      try {
        const error = await remove(root).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'EPERM', syscall: 'unlink', path: stuck });
        await remove(root, { ignoreErrors: true });
        expect(fs.readdirSync(root)).toEqual(['dir0']);
        expect(fs.readdirSync(path.dirname(stuck))).toEqual(['test0.txt']);
      } finally {
        chattr('-i', stuck);
      }
      await remove(root);
      expect(exists(root)).toBe(false);
    },
  );

  it('reports an error other than permissions with its code and path, unless ignoring', async () => {
    const file = path.join(scratch, 'file');
    fs.writeFileSync(file, 'x');
    const below = path.join(file, 'child');
    const error = await remove(below).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'ENOTDIR', syscall: 'lstat', path: below });
    expect((error as Error).message).toContain(`cannot remove '${below}'`);
    await expect(remove(below, { ignoreErrors: true })).resolves.toBeUndefined();
    expect(exists(file)).toBe(true);
  });
});

describe.each(FORMS)('%s as an unprivileged user', (_name, remove) => {
  let box: NobodyScratch;
  beforeEach(() => {
    box = nobodyScratch();
  });
  afterEach(() => box.remove());

  it('removes files and nested dirs in every mode from 000 to 700', async () => {
    for (const mode of MODES) {
      const root = path.join(box.path, `mode-${mode.toString(8)}`);
      await asNobodyAsync(async () => {
        buildTree(root, 3, 2, 2);
        chmodTree(root, mode);
        await remove(root);
      });
      expect(exists(root), `mode ${mode.toString(8)}`).toBe(false);
    }
  });

  it('repairs a dir that can be listed but not entered', async () => {
    // 0o400: readdir works but every child is unreachable until the parent
    // gets its `x` back; the subdir is the only entry, so it comes first.
    const root = path.join(box.path, 'read-only');
    await asNobodyAsync(async () => {
      buildTree(path.join(root, 'sub'), 1, 1, 1);
      fs.chmodSync(path.join(root, 'sub'), 0o000);
      fs.chmodSync(root, 0o400);
      await remove(root);
    });
    expect(exists(root)).toBe(false);
  });

  it('never changes the mode of a link target, whatever the modes around the link', async () => {
    const targets = path.join(box.path, 'targets');
    const targetDir = path.join(targets, 'dir1');
    const targetFile = path.join(targets, 'file1');
    await asNobodyAsync(async () => {
      fs.mkdirSync(targetDir, { recursive: true });
      fs.writeFileSync(path.join(targetDir, 'kept'), 'x');
      fs.writeFileSync(targetFile, 'x');
      for (const mode of MODES) {
        fs.chmodSync(targetDir, mode);
        fs.chmodSync(targetFile, mode);
        for (const target of [targetDir, targetFile, path.join(targets, 'nonexisting')]) {
          const root = path.join(box.path, 'tree');
          fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
          fs.symlinkSync(target, path.join(root, 'symlink'));
          fs.symlinkSync(target, path.join(root, 'sub', 'symlink'));
          fs.chmodSync(path.join(root, 'sub'), mode);
          fs.chmodSync(root, mode);
          await remove(root);
          expect(exists(root), `${target} at ${mode.toString(8)}`).toBe(false);
          expect(modeOf(targetDir)).toBe(mode);
          expect(modeOf(targetFile)).toBe(mode);
        }
      }
    });
    fs.chmodSync(targetDir, 0o700);
    expect(fs.readdirSync(targetDir)).toEqual(['kept']);
  });

  it('fails with EACCES naming the entry it cannot remove, or skips it when ignoring', async () => {
    const root = path.join(box.path, 'tree');
    const build = () => {
      asNobody(() => buildTree(root, 2, 2, 2));
      // A root-owned dir inside nobody's tree: nobody can neither empty nor chmod it.
      const locked = path.join(root, 'dir0', 'locked');
      fs.mkdirSync(locked, 0o755);
      fs.writeFileSync(path.join(locked, 'stuck'), 'x');
      return locked;
    };
    const locked = build();
    const error = await asNobodyAsync(() => remove(root).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'EACCES', path: path.join(locked, 'stuck') });
    expect((error as Error).message).toContain(`cannot remove '${root}'`);
    expect(modeOf(locked)).toBe(0o755);

    await asNobodyAsync(() => remove(root, { ignoreErrors: true }));
    // Everything else went; what is left is the path down to the stuck file.
    expect(fs.readdirSync(root)).toEqual(['dir0']);
    expect(fs.readdirSync(path.join(root, 'dir0'))).toEqual(['locked']);
    expect(fs.readdirSync(locked)).toEqual(['stuck']);
    expect(modeOf(locked)).toBe(0o755);
  });

  it('fails with EACCES on a dir it can neither list nor repair, or skips it when ignoring', async () => {
    const root = path.join(box.path, 'tree');
    asNobody(() => buildTree(root, 1, 2, 2));
    const sealed = path.join(root, 'sealed');
    fs.mkdirSync(sealed, 0o700);
    fs.writeFileSync(path.join(sealed, 'secret'), 'x');
    const error = await asNobodyAsync(() => remove(root).catch((e: unknown) => e));
    expect(error).toMatchObject({ code: 'EACCES', syscall: 'scandir', path: sealed });
    await asNobodyAsync(() => remove(root, { ignoreErrors: true }));
    expect(fs.readdirSync(root)).toEqual(['sealed']);
    expect(modeOf(sealed)).toBe(0o700);
    expect(fs.readdirSync(sealed)).toEqual(['secret']);
  });

  it('never modifies the dir that holds the target', async () => {
    // The target's parent is outside the tree: even when it blocks the final
    // rmdir it keeps its mode.
    const parent = path.join(box.path, 'parent');
    fs.mkdirSync(parent, 0o755);
    fs.chownSync(parent, NOBODY, NOBODY);
    const root = path.join(parent, 'tree');
    const file = path.join(parent, 'file');
    await asNobodyAsync(async () => {
      buildTree(root, 1, 1, 1);
      fs.writeFileSync(file, 'x');
      fs.chmodSync(parent, 0o500);
      const error = await remove(root).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'EACCES', syscall: 'rmdir', path: root });
      const fileError = await remove(file).catch((e: unknown) => e);
      expect(fileError).toMatchObject({ code: 'EACCES', syscall: 'unlink', path: file });
      await remove(root, { ignoreErrors: true });
      await remove(file, { ignoreErrors: true });
    });
    expect(modeOf(parent)).toBe(0o500);
    expect(fs.readdirSync(parent).sort()).toEqual(['file', 'tree']);
    expect(fs.readdirSync(root)).toEqual([]);
  });
});

describe('removeTree', () => {
  it('lets two removals of the same tree run at once', async () => {
    const root = path.join(scratch, 'tree');
    buildTree(root, 3, 3, 20);
    await Promise.all([removeTree(root), removeTree(root), removeTree(root)]);
    expect(exists(root)).toBe(false);
  });

  it('removes a big flat dir with its unlinks in flight together', async () => {
    const root = path.join(scratch, 'flat');
    buildTree(root, 0, 0, 500);
    await removeTree(root);
    expect(exists(root)).toBe(false);
  });
});
