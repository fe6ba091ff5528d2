/**
 * Tree removal that never follows a link out of the tree and repairs
 * missing permissions before giving up.
 * PLACEHOLDER IMPLEMENTATION: replaced by the cleanup work in progress.
 */
import fs from 'node:fs';
import type { PathLike } from './names.js';

/** Options of `removeTree` / `removeTreeSync`. */
export interface RemoveTreeOptions {
  /** Swallow what still fails after permission repair. Default `false`. */
  ignoreErrors?: boolean;
}

/** Removes `target` and everything below it; a missing `target` is not an error. */
export function removeTreeSync(target: PathLike, options: RemoveTreeOptions = {}): void {
  try {
    fs.rmSync(target, { recursive: true, force: true });
  } catch (error) {
    if (!options.ignoreErrors) throw error;
  }
}

/** The Promise form of `removeTreeSync`. */
export async function removeTree(target: PathLike, options: RemoveTreeOptions = {}): Promise<void> {
  try {
    await fs.promises.rm(target, { recursive: true, force: true });
  } catch (error) {
    if (!options.ignoreErrors) throw error;
  }
}
