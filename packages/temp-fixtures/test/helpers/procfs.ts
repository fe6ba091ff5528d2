/**
 * Whether procfs is mounted. Some tests observe through it (open
 * descriptors, a process's memory and start time, the anchored removal);
 * the no-/proc lane (macOS/BSD behaviour on Linux) runs without it.
 */
import fs from 'node:fs';

export const procFs = fs.existsSync('/proc/self/stat');
