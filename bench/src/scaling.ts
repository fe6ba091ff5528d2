/**
 * Growth tables: the same rows at several sizes, to show that cost per item
 * stays flat (linear total cost) rather than growing with the size.
 */
import type { NodeTask, PythonRow } from './model.js';
import type { PythonPeer } from './python.js';
import { runRounds, summarise } from './rounds.js';

/** Per-item cost of each row at each size. */
export interface ScalingResult {
  id: string;
  title: string;
  /** What an item is ("file", "write"). */
  item: string;
  sizes: number[];
  rows: {
    id: string;
    label: string;
    kind: string;
    /** Median ns per item at each size (undefined where not measured). */
    perItem: (number | undefined)[];
    /** Median ratio to the floor at each size. */
    ratio: (number | undefined)[];
    unavailable?: string;
  }[];
  /** Rows whose per-item cost must stay flat. */
  linearRows: string[];
}

/** How to measure one size. */
export interface SizePlan {
  tasks: NodeTask[];
  python?: { peer: PythonPeer; rows: PythonRow[]; op: string; size?: number };
  /** Operations per sample (trees per sample, or writes per sample). */
  ops: number;
  /** Items per operation (files per tree, 1 for writes). */
  itemsPerOp: number;
}

/** Measures every size with interleaved rounds and collects per-item costs. */
export async function measureScaling(options: {
  id: string;
  title: string;
  item: string;
  sizes: number[];
  rounds: number;
  samplesPerRound: number;
  linearRows: string[];
  plan: (size: number) => SizePlan;
  onSize?: (size: number) => void;
}): Promise<ScalingResult> {
  const byRow = new Map<string, ScalingResult['rows'][number]>();
  for (const [index, size] of options.sizes.entries()) {
    const plan = options.plan(size);
    const python = plan.python;
    const outcome = await runRounds({
      tasks: plan.tasks,
      python: python && {
        peer: python.peer,
        rows: python.rows,
        request: {
          op: python.op,
          ops: plan.ops,
          ...(python.size === undefined ? {} : { size: python.size }),
        },
      },
      ops: plan.ops,
      rounds: options.rounds,
      samplesPerRound: options.samplesPerRound,
      warmup: false,
    });
    const specs = [...plan.tasks, ...(python?.rows ?? [])];
    for (const row of summarise(specs, outcome, 'floor')) {
      let entry = byRow.get(row.id);
      if (!entry) {
        entry = {
          id: row.id,
          label: row.label,
          kind: row.kind,
          perItem: options.sizes.map(() => undefined),
          ratio: options.sizes.map(() => undefined),
        };
        byRow.set(row.id, entry);
      }
      if (row.unavailable !== undefined) entry.unavailable = row.unavailable;
      entry.perItem[index] = row.ns && row.ns.median / plan.itemsPerOp;
      entry.ratio[index] = row.ratio?.median;
    }
    options.onSize?.(size);
  }
  return {
    id: options.id,
    title: options.title,
    item: options.item,
    sizes: options.sizes,
    rows: [...byRow.values()],
    linearRows: options.linearRows,
  };
}

/**
 * Growth of the per-item cost from the smallest to the largest size. A
 * linear algorithm stays near 1; a quadratic one grows with the size ratio
 * (50× for the trees, 100× for the spool).
 */
export function growth(row: ScalingResult['rows'][number]): number | undefined {
  const first = row.perItem[0];
  const last = row.perItem[row.perItem.length - 1];
  return first !== undefined && last !== undefined ? last / first : undefined;
}

/**
 * The largest per-item growth still called linear. Not 1: on this VM even
 * the floors drift up to ~4× across sizes (fresh memory to fault in, inode
 * and page-cache state), while a quadratic cost would show 50-100×.
 */
export const LINEAR_LIMIT = 5;
