/**
 * The interleaved round runner. Every round times every row once (a few
 * samples each) in a shuffled order, and the CPython peer's round sits before
 * or after the Node rows in turn, so slow drifts of a shared, noisy machine
 * hit all rows alike. Ratios are taken within a round, then summarised over
 * rounds by their median.
 */
import { Bench } from 'tinybench';
import type { NodeTask, PythonRow, RowResult, RowSpec } from './model.js';
import type { PythonPeer, PythonRequest } from './python.js';
import { median, spread } from './stats.js';

/** The CPython part of a plan. */
interface PythonPlan {
  peer: PythonPeer;
  rows: PythonRow[];
  request: Pick<PythonRequest, 'op' | 'ops' | 'size'>;
}

/** What to run. */
export interface RoundPlan {
  tasks: NodeTask[];
  python?: PythonPlan;
  /** Operations per sample. */
  ops: number;
  rounds: number;
  samplesPerRound: number;
  /** Run each row once, untimed, before the first round. */
  warmup: boolean;
  /** Called after each round (progress output). */
  onRound?: (round: number) => void;
}

/** Per round: row id → nanoseconds per operation (median of the round's samples). */
type RoundTimes = Map<string, number>[];

/** Raw results: per-round times, and rows that failed while running. */
export interface RoundsOutcome {
  times: RoundTimes;
  failed: Map<string, string>;
}

/**
 * The rows of round `round` in a pseudo-random order, the same on every run.
 * A plain rotation would keep each row behind the same neighbour in every
 * round, and on a file system a row's cost depends on what the previous row
 * left (recycled inodes, dirty pages): shuffling spreads that over all rows.
 */
export function shuffled<T>(items: readonly T[], round: number): T[] {
  const out = [...items];
  let seed = (round + 1) * 0x9e3779b1;
  const next = (): number => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function toTinybench(task: NodeTask, ops: number): () => unknown {
  // tinybench takes a self-measured duration in ms; the task returns ns.
  if (task.async) {
    return async () => ({ overriddenDuration: (await task.sample(ops)) / 1e6 });
  }
  return () => ({ overriddenDuration: (task.sample(ops) as number) / 1e6 });
}

async function runNodeRound(
  tasks: NodeTask[],
  plan: RoundPlan,
  round: number,
  times: Map<string, number>,
  failed: Map<string, string>,
): Promise<void> {
  const bench = new Bench({
    iterations: plan.samplesPerRound,
    time: 0,
    warmup: plan.warmup && round === 0,
    warmupIterations: 1,
    warmupTime: 0,
    throws: false,
  });
  for (const task of shuffled(tasks, round)) {
    if (failed.has(task.id)) continue;
    bench.add(task.id, toTinybench(task, plan.ops), { async: task.async });
  }
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state === 'completed') {
      times.set(task.name, (result.latency.p50 * 1e6) / plan.ops);
    } else if (result.state === 'errored') {
      failed.set(task.name, `failed while running: ${result.error.message}`);
    }
  }
}

async function runPythonRound(
  python: PythonPlan,
  plan: RoundPlan,
  round: number,
  times: Map<string, number>,
  failed: Map<string, string>,
): Promise<void> {
  if (python.rows.every((row) => failed.has(row.id))) return;
  try {
    const ns = await python.peer.round({
      ...python.request,
      samples: plan.samplesPerRound,
      round,
      warmup: plan.warmup && round === 0,
    });
    for (const row of python.rows) {
      const samples = ns[row.variant];
      if (samples) times.set(row.id, median(samples));
    }
  } catch (error) {
    for (const row of python.rows) failed.set(row.id, (error as Error).message);
  }
}

/** Runs `plan.rounds` interleaved rounds. */
export async function runRounds(plan: RoundPlan): Promise<RoundsOutcome> {
  const times: RoundTimes = [];
  const failed = new Map<string, string>();
  const tasks = plan.tasks.filter((task) => task.unavailable === undefined);
  for (let round = 0; round < plan.rounds; round++) {
    const roundTimes = new Map<string, number>();
    const pythonFirst = round % 2 === 1;
    if (plan.python && pythonFirst)
      await runPythonRound(plan.python, plan, round, roundTimes, failed);
    await runNodeRound(tasks, plan, round, roundTimes, failed);
    if (plan.python && !pythonFirst)
      await runPythonRound(plan.python, plan, round, roundTimes, failed);
    times.push(roundTimes);
    plan.onRound?.(round);
  }
  return { times, failed };
}

/**
 * Summarises per-round times into rows: median ns/op over rounds, and the
 * median over rounds of each round's ratio to the row's floor and to the
 * main floor (only rounds where both were measured count).
 */
export function summarise(
  specs: readonly (RowSpec & { unavailable?: string })[],
  outcome: RoundsOutcome,
  mainFloor: string,
): RowResult[] {
  return specs.map((spec) => {
    const unavailable = spec.unavailable ?? outcome.failed.get(spec.id);
    const own = outcome.times.map((t) => t.get(spec.id)).filter((v) => v !== undefined);
    if (unavailable !== undefined || own.length === 0) {
      return { ...spec, unavailable: unavailable ?? 'no sample was taken' };
    }
    const ratios = (floorId: string | null): number[] =>
      floorId === null
        ? outcome.times.map(() => 1)
        : outcome.times.flatMap((t) => {
            const mine = t.get(spec.id);
            const floor = t.get(floorId);
            return mine !== undefined && floor !== undefined ? [mine / floor] : [];
          });
    const result: RowResult = { ...spec, ns: spread(own), ratioToMain: spread(ratios(mainFloor)) };
    const toOwn = ratios(spec.floor);
    if (toOwn.length > 0) result.ratio = spread(toOwn);
    return result;
  });
}
