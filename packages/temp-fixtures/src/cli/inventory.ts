/**
 * What the `temp-fixtures` command line reads and removes in a root. It adds
 * no rule of its own about what may be deleted: reading goes through the
 * engine's `listRuns` / `readMarker` / `readKept`, removal through the
 * engine's housekeeping (`maintainRoot`, which finalizes dead runs with
 * `finalizeRun` and removes finished runs the way retention prunes them), so
 * the CLI deletes exactly what the engine can prove it created, and never a
 * live run.
 */
import type { Stats } from 'node:fs';
import { fs, path } from '../builtins.js';
import { listNames, lstatOrUndefined, recordProblem, TEMP_FILE_PREFIX } from '../fixture/files.js';
import { KEPT_ENTRIES, KEPT_JSON, type KeptEntry, readKept } from '../fixture/kept-store.js';
import { FOLDER_MARKER, maintainRoot, TEST_DIR_NAME } from '../fixture/reaper.js';
import { checkRoot, LEGACY_ENTRY, ROOT_MARKER } from '../fixture/root.js';
import {
  isRunLive,
  listRuns,
  RUN_MARKER,
  type RunDir,
  readMarker,
  WORKERS_DIR,
} from '../fixture/run.js';
import { TRASH_DIR } from '../fixture/trash.js';

/** A usage or input error: the CLI prints its message and exits 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** One kept dir as the CLI shows it. */
export interface FoundKept extends KeptEntry {
  /** The run dir's name, `run-<N>`. */
  run: string;
  /** The run's number (for ordering). */
  runNumber: number;
  /** When the dir was kept, as far as the disk tells (ms since the epoch). */
  keptAt: number;
  /** Whether the dir is there. */
  exists: boolean;
  /** Whether the run is still live (its owner may still add kept dirs). */
  live: boolean;
}

/**
 * Where a kept dir is inside `runDir`: kept.json records the absolute path on
 * the machine that ran the tests, which is elsewhere once a root was copied
 * (a CI artifact). The last two components (`<file folder>/<test dir>`) name
 * it inside its run, whatever the root was called, on any platform.
 */
export function relocate(runDir: string, recorded: string): string | undefined {
  const parts = recorded.split(/[\\/]+/).filter((p) => p !== '');
  const tail = parts.slice(-2);
  if (tail.length !== 2 || tail.some((p) => p === '.' || p === '..')) return undefined;
  return path.join(runDir, ...tail);
}

/** When a run's kept dirs were kept, if they are gone: its end (or start), else its dir's mtime. */
function runTime(runDir: string): number {
  const marker = readMarker(runDir);
  const stamp = Date.parse(marker?.endedAt ?? marker?.createdAt ?? '');
  return Number.isNaN(stamp) ? (lstatOrUndefined(runDir)?.mtimeMs ?? 0) : stamp;
}

/**
 * The kept dirs of one run, paths relocated into `run.dir`. One `lstat` per
 * entry, the run's own files read once (a `kept.json` may list 200,000).
 */
function keptOfRun(run: RunDir): FoundKept[] {
  const live = isRunLive(run.dir);
  let whenGone: number | undefined;
  const found: FoundKept[] = [];
  for (const entry of readKept(run.dir)) {
    const where = relocate(run.dir, entry.path);
    if (where === undefined) continue; // Not a path a kept dir can have.
    // Both levels lstat'd: a per-file folder swapped for a link leads out of the root.
    const folder = lstatOrUndefined(path.dirname(where));
    const stats = folder?.isDirectory() ? lstatOrUndefined(where) : undefined;
    if (stats === undefined) whenGone ??= runTime(run.dir);
    found.push({
      file: entry.file,
      name: entry.name,
      path: where,
      reason: entry.reason,
      attempt: entry.attempt,
      run: run.name,
      runNumber: run.n,
      // Its change time (keeping it sets its mode), else the run's times.
      keptAt: stats ? Math.max(stats.ctimeMs, stats.mtimeMs) : whenGone!,
      exists: stats?.isDirectory() ?? false,
      live,
    });
  }
  return found;
}

/** Every kept dir in `root`, oldest run first. */
export function keptInRoot(root: string): FoundKept[] {
  return listRuns(root).flatMap(keptOfRun);
}

/** One line per record of `root`'s runs that was skipped unread, saying why. */
export function skippedRecords(root: string): string[] {
  const lines: string[] = [];
  for (const run of listRuns(root)) {
    for (const name of [RUN_MARKER, KEPT_JSON]) {
      const file = path.join(run.dir, name);
      const why = recordProblem(file);
      if (why !== undefined) lines.push(`temp-fixtures: skipped ${file}: ${why}`);
    }
  }
  return lines;
}

/** Whether `p` exists (a link counts, dangling or not). */
function exists(p: string): boolean {
  return lstatOrUndefined(p) !== undefined;
}

/**
 * A root given on the command line for reading (`ls`, `path`): missing is
 * fine (nothing kept), anything that fails the engine's `checkRoot` (a link,
 * not a dir, someone else's, writable by others) is refused, since `path`
 * sends you into what it lists.
 */
export function checkReadableRoot(root: string): 'missing' | 'ok' {
  if (!exists(root)) return 'missing';
  try {
    checkRoot(root);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  return 'ok';
}

/** Whether `root` looks like a root: its marker, or a run, claim or `current` of temp-fixtures'. */
export function holdsRuns(root: string): boolean {
  return exists(path.join(root, ROOT_MARKER)) || listNames(root).some((n) => LEGACY_ENTRY.test(n));
}

/**
 * The read-only half of `ensureRoot`'s ownership check: the entries that make
 * `root` someone else's folder (it holds them and no `ROOT_MARKER`).
 */
export function foreignRootEntries(root: string): string[] {
  if (lstatOrUndefined(path.join(root, ROOT_MARKER))?.isFile()) return [];
  return listNames(root).filter((name) => name !== ROOT_MARKER && !LEGACY_ENTRY.test(name));
}

/**
 * What in `runDir` the engine did not create, so housekeeping leaves it (and
 * the dirs holding it) in place: relative paths, at most two levels deep.
 */
function foreignInRun(runDir: string): string[] {
  const own = new Set([RUN_MARKER, KEPT_JSON, KEPT_ENTRIES, TRASH_DIR, WORKERS_DIR]);
  const foreign: string[] = [];
  for (const name of listNames(runDir)) {
    if (own.has(name) || name.startsWith(TEMP_FILE_PREFIX)) continue;
    const folder = path.join(runDir, name);
    const isFolder =
      lstatOrUndefined(folder)?.isDirectory() &&
      lstatOrUndefined(path.join(folder, FOLDER_MARKER))?.isFile();
    if (!isFolder) {
      foreign.push(name);
      continue;
    }
    for (const inner of listNames(folder)) {
      if (inner === FOLDER_MARKER) continue;
      const isTestDir =
        TEST_DIR_NAME.test(inner) && lstatOrUndefined(path.join(folder, inner))?.isDirectory();
      if (!isTestDir) foreign.push(`${name}/${inner}`);
    }
  }
  return foreign.sort();
}

/** What `clean` does (or would do) with one run dir. */
export interface CleanStep {
  run: string;
  dir: string;
  /** `remove`: it goes; `leave`: it stays, `why` says why. */
  action: 'remove' | 'leave';
  /** `finished`, `owner gone` (a dead run finalized first), or why it is left. */
  why: string;
  /** Kept dirs it holds. */
  kept: number;
  /** Entries not made by the engine: they, and the dirs holding them, stay. */
  foreign: string[];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What `clean` would do with each run of `root`, without touching anything. */
export function planClean(root: string): CleanStep[] {
  return listRuns(root).map((run): CleanStep => {
    const base = { run: run.name, dir: run.dir, kept: readKept(run.dir).length, foreign: [] };
    const marker = readMarker(run.dir);
    if (marker === undefined) {
      if (isRunLive(run.dir, marker)) {
        return { ...base, action: 'leave', why: 'being created (no marker yet)' };
      }
      if (listNames(run.dir).length === 0) {
        return { ...base, action: 'remove', why: 'empty, abandoned before its marker was written' };
      }
      return {
        ...base,
        action: 'leave',
        why: `no ${RUN_MARKER} marker: temp-fixtures cannot prove it made it`,
      };
    }
    if (isRunLive(run.dir, marker)) {
      return { ...base, action: 'leave', why: `live (pid ${marker.pid} is still running it)` };
    }
    const why = marker.finished ? 'finished' : `owner gone (pid ${marker.pid})`;
    return { ...base, action: 'remove', why, foreign: foreignInRun(run.dir) };
  });
}

/** The outcome of `clean`. */
export interface CleanResult {
  steps: CleanStep[];
  /** Housekeeping steps that failed (the engine's warnings). */
  warnings: string[];
}

/**
 * Removes every finished run of `root` (a run whose owner died is finalized
 * first), kept dirs included, through the engine's `maintainRoot` with no run
 * retained. Live runs and anything the engine cannot prove it created stay.
 * Returns what happened to each run, read back from the disk.
 */
export function clean(root: string): CleanResult {
  const planned = planClean(root);
  const warnings: string[] = [];
  maintainRoot(root, { retainRuns: 0, warn: (line) => warnings.push(line) });
  const steps = planned.map((step): CleanStep => {
    if (!exists(step.dir)) return { ...step, action: 'remove', foreign: [] };
    if (step.action === 'leave') return step;
    const foreign = foreignInRun(step.dir);
    const why =
      foreign.length > 0
        ? `it holds ${plural(foreign.length, 'entry', 'entries')} temp-fixtures did not create`
        : 'it changed while cleaning (try again)';
    return { ...step, action: 'leave', why, foreign };
  });
  return { steps, warnings };
}

/** One entry of a merged index (`merge`). */
export interface MergedEntry extends KeptEntry {
  /** Which root it came from (see `shardLabels`). */
  shard: string;
}

/** The content of the merged `kept.json`. */
export interface MergedFile {
  version: 1;
  kept: MergedEntry[];
}

/**
 * Short names for roots: their path components with those all of them share
 * at the start and the end taken away (`shards/shard-1/temp-fixtures`,
 * `shards/shard-2/temp-fixtures` → `shard-1`, `shard-2`); a single root, or
 * roots that differ in nothing left, are named by the path as given.
 */
export function shardLabels(roots: readonly string[]): string[] {
  const split = roots.map((r) =>
    path
      .normalize(r)
      .split(/[\\/]+/)
      .filter((p) => p !== ''),
  );
  const shortest = Math.min(...split.map((parts) => parts.length));
  const same = (at: (parts: string[]) => string | undefined) =>
    split.every((parts) => at(parts) === at(split[0]!));
  let head = 0;
  while (head < shortest && same((parts) => parts[head])) head++;
  let tail = 0;
  while (tail < shortest - head && same((parts) => parts[parts.length - 1 - tail])) tail++;
  const labels = split.map((parts) => parts.slice(head, parts.length - tail).join('/'));
  if (roots.length < 2 || labels.some((l) => l === '') || new Set(labels).size !== labels.length) {
    return roots.map((r) => path.normalize(r).replace(/[\\/]+$/, '') || r);
  }
  return labels;
}

/**
 * Folders below `dir` that look like roots, for the error's hint: one level
 * down, else two (`artifacts/<shard>/temp-fixtures`, as CI downloads them).
 */
function rootsBelow(dir: string, depth = 2): string[] {
  const subs = listNames(dir)
    .sort()
    .map((name) => path.join(dir, name))
    .filter((sub) => lstatOrUndefined(sub)?.isDirectory());
  const roots = subs.filter(holdsRuns);
  if (roots.length > 0 || depth === 1) return roots;
  return subs.flatMap((sub) => rootsBelow(sub, depth - 1));
}

/**
 * Checks a root given to `merge` (read only: a downloaded artifact has lost
 * its modes and hidden files, so only its shape is checked): a directory
 * holding `run-<N>` dirs or the root marker.
 */
export function checkShardRoot(root: string): void {
  let stats: Stats;
  try {
    stats = fs.statSync(root);
  } catch {
    throw new InputError(
      `root '${root}' does not exist (expected a folder TEMP_FIXTURES_ROOT pointed at, holding run-<N> dirs)`,
    );
  }
  if (!stats.isDirectory()) {
    throw new InputError(
      `root '${root}' is not a directory (expected a folder holding run-<N> dirs)`,
    );
  }
  if (holdsRuns(root)) return;
  const below = rootsBelow(root);
  const hint =
    below.length > 0
      ? `; did you mean ${below.map((b) => `'${b}'`).join(', ')}?`
      : ' (expected a folder TEMP_FIXTURES_ROOT pointed at)';
  throw new InputError(
    `'${root}' is not a temp-fixtures root: it holds no run-<N> dir and no ${ROOT_MARKER} marker${hint}`,
  );
}

/** A root given to `merge`: as spelled on the command line (for its label) and resolved. */
export interface ShardRoot {
  given: string;
  dir: string;
}

/**
 * The kept dirs of all `roots`, in the order given (runs oldest first
 * within a root), each with its shard label and its path inside that root.
 */
export function mergeRoots(roots: readonly ShardRoot[]): {
  entries: MergedEntry[];
  missing: string[];
} {
  const seen = new Map<string, string>();
  for (const root of roots) {
    const real = fs.realpathSync(root.dir);
    const earlier = seen.get(real);
    if (earlier !== undefined) {
      throw new InputError(`root '${root.given}' is given twice (also as '${earlier}')`);
    }
    seen.set(real, root.given);
  }
  const labels = shardLabels(roots.map((r) => r.given));
  const entries: MergedEntry[] = [];
  const missing: string[] = [];
  roots.forEach((root, i) => {
    for (const found of keptInRoot(root.dir)) {
      const { file, name, path: where, reason, attempt } = found;
      entries.push({ shard: labels[i]!, file, name, path: where, reason, attempt });
      if (!found.exists) missing.push(where);
    }
  });
  return { entries, missing };
}
