/** The parts of a V8 `.cpuprofile` (as `--cpu-prof` writes it) that the bench reads. */

/** One node of the call tree: a function at a call site, with its own samples. */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** A whole profile: the call tree plus the sampled node ids and times (µs). */
export interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}
