/** What a scenario module provides, and small helpers to write one. */
import type { NodeTask, PythonRow, RowSpec, Target } from './model.js';
import type { Settings } from './settings.js';
import type { Lookup } from './subjects.js';

/** Run-wide settings handed to every scenario. */
export interface Context {
  /** The scratch dir (also `TMPDIR`). */
  scratch: string;
  quick: boolean;
  settings: Settings;
}

/** One scenario, ready for the round runner. */
export interface ScenarioPlan {
  id: string;
  title: string;
  /** What one operation is, for the table ("op", "tree", "write"). */
  unit: string;
  /** Operations per sample, or `'calibrate'`: sized from the floor (see `Settings.sampleMs`). */
  ops: number | 'calibrate';
  rounds: number;
  samplesPerRound: number;
  warmup: boolean;
  tasks: NodeTask[];
  python?: { op: string; size?: number; rows: PythonRow[] };
  targets: Target[];
  notes: string[];
}

/** Nanoseconds since `start` (from `process.hrtime.bigint()`). */
export function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start);
}

/** Times `ops` calls of a synchronous operation; returns ns. */
export function timeSync(ops: number, op: () => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) op();
  return since(start);
}

/** Times `ops` sequential calls of an asynchronous operation; returns ns. */
export async function timeAsync(ops: number, op: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) await op();
  return since(start);
}

/**
 * A task that needs a looked-up dependency (a temp-fixtures export or a
 * peer): built from it when present, otherwise a row marked not available.
 */
export function withLookup<T>(
  spec: RowSpec,
  lookup: Lookup<T>,
  build: (value: T) => Omit<NodeTask, keyof RowSpec>,
): NodeTask {
  if (!lookup.ok) {
    return { ...spec, unavailable: lookup.reason, async: false, sample: () => Number.NaN };
  }
  return { ...spec, ...build(lookup.value) };
}

/** Throws with `message` unless `condition` holds (for `check`). */
export function expectThat(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`check failed: ${message}`);
}
