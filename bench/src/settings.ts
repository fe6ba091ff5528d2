/**
 * How much every part of the benchmark measures, in one place: the full run
 * (a few minutes on 2 cores) and the quick smoke run the test uses.
 */

/** Sizes and repetitions of one run. */
export interface Settings {
  /** Operations per sample for the per-call scenarios (dir, file, anon). */
  ops: number;
  /** Interleaved rounds of the per-call and spool scenarios. */
  rounds: number;
  /** Samples per row per round (the round keeps their median). */
  samples: number;
  treeFiles: number;
  treeRounds: number;
  treeScaling: number[];
  treeScalingRounds: number;
  spoolWrites: number;
  spoolScaling: number[];
  spoolScalingRounds: number;
}

/** The full run. */
export const FULL: Settings = {
  ops: 200,
  rounds: 15,
  samples: 3,
  treeFiles: 10_000,
  treeRounds: 5,
  treeScaling: [1_000, 10_000, 50_000],
  treeScalingRounds: 3,
  spoolWrites: 100_000,
  spoolScaling: [10_000, 100_000, 1_000_000],
  spoolScalingRounds: 5,
};

/** The quick smoke run: every row, tiny sizes, no meaningful figures. */
export const QUICK: Settings = {
  ops: 20,
  rounds: 2,
  samples: 2,
  treeFiles: 1_000,
  treeRounds: 1,
  treeScaling: [200, 500, 1_000],
  treeScalingRounds: 1,
  spoolWrites: 20_000,
  spoolScaling: [1_000, 10_000, 100_000],
  spoolScalingRounds: 1,
};
