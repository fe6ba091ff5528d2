/** Trees to remove, and the raw walks that remove them (the floors). */
import fs from 'node:fs';
import path from 'node:path';

/** Files per folder in every benchmark tree. */
export const FILES_PER_DIR = 100;

/**
 * Fills the existing dir `root` with `files` empty files, 100 per folder. In
 * each folder the first file is created and the others are hard links to it:
 * allocating an inode costs about 1 ms on the benchmark machine (a 10,000-file
 * tree took 10-15 s to build) while a link costs 25 µs, and removing a link
 * costs what removing a file does (one `unlink` of a directory entry). The
 * link count stays at 100, far below any file system's limit.
 */
export function buildTree(root: string, files: number): void {
  const dirs = Math.max(1, Math.ceil(files / FILES_PER_DIR));
  for (let d = 0; d < dirs; d++) {
    const dir = path.join(root, `d${d}`);
    fs.mkdirSync(dir);
    const count = Math.min(FILES_PER_DIR, files - d * FILES_PER_DIR);
    const first = path.join(dir, 'f0');
    fs.closeSync(fs.openSync(first, 'wx', 0o600));
    for (let f = 1; f < count; f++) fs.linkSync(first, path.join(dir, `f${f}`));
  }
}

/** The floor: a plain readdir / unlink / rmdir walk, with no safety checks. */
export function walkRemoveSync(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) walkRemoveSync(child);
    else fs.unlinkSync(child);
  }
  fs.rmdirSync(dir);
}

/** The async floor: the same walk with `fs.promises`, one call at a time. */
export async function walkRemove(dir: string): Promise<void> {
  for (const entry of await fs.promises.readdir(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) await walkRemove(child);
    else await fs.promises.unlink(child);
  }
  await fs.promises.rmdir(dir);
}
