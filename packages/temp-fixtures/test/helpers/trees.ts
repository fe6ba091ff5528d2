/**
 * Small trees to remove, shaped like CPython's test_tempfile ones. Plain
 * `node:fs` only, so `bundleLibrary` can ship this module to a child process
 * (see unprivileged.ts) and the child builds exactly what in-process tests do.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The modes CPython's test_modes walks: 000, 100, ..., 700. */
export const OWNER_MODES = [0o000, 0o100, 0o200, 0o300, 0o400, 0o500, 0o600, 0o700];

/**
 * CPython's `do_create2`: `files` files `test<i>.txt` in `root`, and `dirs`
 * subdirs `dir<i>` built the same way down to `depth` levels.
 */
export function buildTree(root: string, depth = 2, dirs = 2, files = 2): void {
  fs.mkdirSync(root, { recursive: true });
  if (depth > 0) {
    for (let i = 0; i < dirs; i++) buildTree(path.join(root, `dir${i}`), depth - 1, dirs, files);
  }
  for (let i = 0; i < files; i++) fs.writeFileSync(path.join(root, `test${i}.txt`), 'Hello world!');
}

/** chmod every file and dir of the tree to `mode`, leaves first (os.walk topdown=False). */
export function chmodTree(root: string, mode: number): void {
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const child = path.join(root, entry.name);
    if (entry.isDirectory()) chmodTree(child, mode);
    else if (entry.isFile()) fs.chmodSync(child, mode);
  }
  fs.chmodSync(root, mode);
}

/** The permission bits of `p` itself (a link's own, not its target's). */
export function modeOf(p: string): number {
  return fs.lstatSync(p).mode & 0o7777;
}

/** Whether anything, even a dangling link, is at `p`. */
export function exists(p: string | Buffer): boolean {
  return fs.lstatSync(p, { throwIfNoEntry: false }) !== undefined;
}

const DIR_FLAGS = fs.constants.O_RDONLY | fs.constants.O_DIRECTORY;

/**
 * Builds `root/<name>/<name>/...` `depth` levels deep, a file `f` in every
 * level, far past PATH_MAX: each level is made through `/proc/self/fd` of
 * the one above, as no path could name it. Linux only.
 */
export function buildDeepTree(root: string, depth: number, name = 'd'.repeat(50)): void {
  fs.mkdirSync(root);
  let fd = fs.openSync(root, DIR_FLAGS);
  try {
    for (let level = 0; level < depth; level++) {
      fs.writeFileSync(`/proc/self/fd/${fd}/f`, 'x');
      fs.mkdirSync(`/proc/self/fd/${fd}/${name}`);
      const next = fs.openSync(`/proc/self/fd/${fd}/${name}`, DIR_FLAGS);
      fs.closeSync(fd);
      fd = next;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Every entry below `root`, dot-files included, as sorted relative paths with a `/` after dirs. */
export function listTree(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const relPath = rel + entry.name;
      if (entry.isDirectory()) {
        out.push(`${relPath}/`);
        walk(path.join(dir, entry.name), `${relPath}/`);
      } else out.push(relPath);
    }
  };
  walk(root, '');
  return out.sort();
}
