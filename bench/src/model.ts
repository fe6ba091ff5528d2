/**
 * The shapes shared by the benchmark: rows of a table, the Node tasks that
 * fill them, and the results of a scenario.
 */
import type { Spread } from './stats.js';

/** Who a row measures: the floor it is divided by, temp-fixtures, or a peer. */
type RowKind = 'floor' | 'subject' | 'peer';

/** A row of a scenario's table. */
export interface RowSpec {
  /** Stable key, used by targets and the test. */
  id: string;
  /** What the row does, as shown in the table. */
  label: string;
  /** A short name for the summary table. */
  short: string;
  kind: RowKind;
  /** Id of the row this one is divided by in the same round; `null` for the main floor. */
  floor: string | null;
}

/** A row timed in this Node process. */
export interface NodeTask extends RowSpec {
  /** Set when the row cannot run here (package missing, API not there yet). */
  unavailable?: string;
  /** Whether `sample` returns a Promise (told to tinybench, so it never probes by calling). */
  async: boolean;
  /**
   * Runs `ops` operations and returns the nanoseconds of the timed part only
   * (set-up such as building a tree to remove is excluded).
   */
  sample(ops: number): number | Promise<number>;
  /**
   * Runs once before the rounds and throws if the row does not behave as it
   * should (wrong mode, nothing removed, wrong content); the row is then
   * reported as not available with that message instead of being timed.
   */
  check?: () => void | Promise<void>;
}

/** A row timed by the CPython peer process, against its own `os` floor. */
export interface PythonRow extends RowSpec {
  /** The variant's name in python/peer.py. */
  variant: string;
}

/** A target on one row: its ratio to its own floor must not exceed `max`. */
export interface Target {
  row: string;
  max: number;
}

/** What one row measured over all rounds. */
export interface RowResult extends RowSpec {
  unavailable?: string;
  /** Nanoseconds per operation, one value per round (each the median of that round's samples). */
  ns?: Spread;
  /** Ratio to the row's own floor, per round, in the same round. */
  ratio?: Spread;
  /** Ratio to the scenario's main node:fs floor, per round. */
  ratioToMain?: Spread;
}

/** A scenario's results, ready to render. */
export interface ScenarioResult {
  id: string;
  title: string;
  /** Operations per sample and what one is. */
  opsPerSample: number;
  unit: string;
  rounds: number;
  rows: RowResult[];
  targets: Target[];
  notes: string[];
}
