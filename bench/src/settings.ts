/**
 * How much every part of the benchmark measures, in one place: the full run
 * (a few minutes on 2 cores) and the quick smoke run the test uses.
 */

/** Sizes and repetitions of one run. */
export interface Settings {
  /**
   * Operations per sample for the per-call scenarios (dir, file, anon): as
   * many as make the floor's sample last about `sampleMs`, between `minOps`
   * and `maxOps`, so a slow (busy) machine does fewer and the run stays short.
   */
  sampleMs: number;
  minOps: number;
  maxOps: number;
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
  sampleMs: 8,
  minOps: 20,
  maxOps: 400,
  rounds: 20,
  samples: 3,
  treeFiles: 10_000,
  treeRounds: 7,
  treeScaling: [1_000, 10_000, 50_000],
  treeScalingRounds: 3,
  spoolWrites: 100_000,
  spoolScaling: [10_000, 100_000, 1_000_000],
  spoolScalingRounds: 7,
};

/** The quick smoke run: every row, tiny sizes, no meaningful figures. */
export const QUICK: Settings = {
  sampleMs: 1,
  minOps: 5,
  maxOps: 50,
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
