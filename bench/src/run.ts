/**
 * Runs every scenario and the growth tables, and renders the report. Loaded
 * by main.ts only after TMPDIR points at the scratch dir, since some peers
 * read the temp dir when they are imported.
 */
import os from 'node:os';
import type { NodeTask, PythonRow, ScenarioResult } from './model.js';
import { PythonPeer } from './python.js';
import { type Report, renderReport } from './report.js';
import { runRounds, summarise } from './rounds.js';
import { measureScaling, type ScalingResult } from './scaling.js';
import type { Context, ScenarioPlan } from './scenario.js';
import { anonScenario } from './scenarios/anon.js';
import { dirScenario } from './scenarios/dir.js';
import { fileScenario } from './scenarios/file.js';
import { CHUNK_SIZE, spoolScenario, spoolTasks } from './scenarios/spool.js';
import { treeScenario, treeTasks } from './scenarios/tree.js';
import { sweep } from './scratch.js';
import { FULL, QUICK, type Settings } from './settings.js';

/** Options of one run. */
export interface RunOptions {
  quick: boolean;
  scratch: string;
  /** Scenario ids to run (all when empty); `scaling` selects the growth tables. */
  only: string[];
  log: (line: string) => void;
}

const SCENARIOS: Record<string, (ctx: Context) => Promise<ScenarioPlan>> = {
  dir: dirScenario,
  file: fileScenario,
  tree: treeScenario,
  spool: spoolScenario,
  anon: anonScenario,
};

/** Marks rows whose check throws as not available, keeping the message. */
async function checkTasks(tasks: NodeTask[]): Promise<void> {
  for (const task of tasks) {
    if (task.unavailable !== undefined || !task.check) continue;
    try {
      await task.check();
    } catch (error) {
      task.unavailable = (error as Error).message;
    }
  }
}

function pythonRows(
  rows: PythonRow[],
  peer: PythonPeer | string,
): (PythonRow & { unavailable?: string })[] {
  return typeof peer === 'string' ? rows.map((row) => ({ ...row, unavailable: peer })) : rows;
}

/** Operations per sample that make the floor's sample last about `settings.sampleMs`. */
async function calibrate(plan: ScenarioPlan, settings: Settings): Promise<number> {
  const floor = plan.tasks.find((task) => task.floor === null);
  if (!floor) throw new Error(`${plan.id}: no floor row`);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++)
    best = Math.min(best, (await floor.sample(settings.minOps)) / settings.minOps);
  const ops = Math.round((settings.sampleMs * 1e6) / best);
  return Math.min(settings.maxOps, Math.max(settings.minOps, ops));
}

async function runScenario(
  plan: ScenarioPlan,
  peer: PythonPeer | string,
  options: RunOptions,
  settings: Settings,
): Promise<ScenarioResult> {
  await checkTasks(plan.tasks);
  const ops = plan.ops === 'calibrate' ? await calibrate(plan, settings) : plan.ops;
  if (plan.ops === 'calibrate') options.log(`  ${plan.id}: ${ops} operations per sample`);
  const pyRows = plan.python ? pythonRows(plan.python.rows, peer) : [];
  const started = Date.now();
  const outcome = await runRounds({
    tasks: plan.tasks,
    python:
      plan.python && typeof peer !== 'string'
        ? {
            peer,
            rows: plan.python.rows,
            request: {
              op: plan.python.op,
              ops,
              ...(plan.python.size === undefined ? {} : { size: plan.python.size }),
            },
          }
        : undefined,
    ops,
    rounds: plan.rounds,
    samplesPerRound: plan.samplesPerRound,
    warmup: plan.warmup,
    onRound: (round) =>
      options.log(
        `  ${plan.id}: round ${round + 1}/${plan.rounds} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
      ),
  });
  const notes = [...plan.notes];
  const left = sweep(options.scratch);
  if (left.length > 0) {
    notes.push(
      `**Left behind in the temp dir after this scenario** (removed by the harness): ${left.slice(0, 5).join(', ')}${left.length > 5 ? ` and ${left.length - 5} more` : ''}.`,
    );
  }
  return {
    id: plan.id,
    title: plan.title,
    opsPerSample: ops,
    unit: plan.unit,
    rounds: plan.rounds,
    rows: summarise([...plan.tasks, ...pyRows], outcome, 'floor'),
    targets: plan.targets,
    notes,
  };
}

const TREE_SCALING_ROWS = ['floor', 'tf-sync'];

async function treeScaling(ctx: Context, options: RunOptions): Promise<ScalingResult> {
  const { treeScaling: scaling, treeScalingRounds: rounds } = ctx.settings;
  return measureScaling({
    id: 'tree-scaling',
    title: 'tree removal: growth with the number of files (100 per dir)',
    item: 'file',
    sizes: scaling,
    rounds,
    samplesPerRound: 1,
    linearRows: ['tf-sync'],
    plan: (size) => {
      const tasks = treeTasks(ctx, size).filter((t) => TREE_SCALING_ROWS.includes(t.id));
      return { tasks, ops: 1, itemsPerOp: size };
    },
    onSize: (size) => {
      sweep(options.scratch);
      options.log(`  tree growth: ${size} files done`);
    },
  });
}

async function spoolScaling(
  ctx: Context,
  peer: PythonPeer | string,
  options: RunOptions,
): Promise<ScalingResult> {
  const { spoolScaling: scaling, spoolScalingRounds: rounds } = ctx.settings;
  return measureScaling({
    id: 'spool-scaling',
    title: `spooled writes of ${CHUNK_SIZE} B: growth with the number of writes`,
    item: 'write',
    sizes: scaling,
    rounds,
    samplesPerRound: 1,
    linearRows: ['tf-spooled'],
    plan: (size) => ({
      tasks: spoolTasks(),
      ops: size,
      itemsPerOp: 1,
      ...(typeof peer === 'string'
        ? {}
        : {
            python: {
              peer,
              op: 'spool',
              rows: [
                {
                  id: 'py-floor',
                  variant: 'floor',
                  short: 'CPython floor',
                  label: 'CPython list `append` × N + `b"".join` (its floor)',
                  kind: 'floor',
                  floor: 'floor',
                },
                {
                  id: 'py-spooled',
                  variant: 'SpooledTemporaryFile',
                  short: 'CPython',
                  label: 'CPython `SpooledTemporaryFile` (× its floor)',
                  kind: 'peer',
                  floor: 'py-floor',
                },
              ],
            },
          }),
    }),
    onSize: (size) => options.log(`  spool growth: ${size} writes done`),
  });
}

function environment(peer: PythonPeer | string, quick: boolean): string[] {
  const cpus = os.cpus();
  return [
    `Node ${process.version} on ${os.type()} ${os.release()} (${os.arch()}), ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`,
    `CPython: ${typeof peer === 'string' ? `not available (${peer})` : peer.version}`,
    `Mode: ${quick ? 'quick' : 'full'}; run on ${new Date().toISOString().slice(0, 10)}`,
  ];
}

/** Runs the selected scenarios and returns the report (Markdown included). */
export async function run(options: RunOptions): Promise<{ report: Report; markdown: string }> {
  const started = Date.now();
  const ctx: Context = {
    scratch: options.scratch,
    quick: options.quick,
    settings: options.quick ? QUICK : FULL,
  };
  const wanted = (id: string) => options.only.length === 0 || options.only.includes(id);
  const peer = await PythonPeer.start({ ...process.env, TMPDIR: options.scratch });
  if (typeof peer === 'string') options.log(`CPython peer not available: ${peer}`);
  const scenarios: ScenarioResult[] = [];
  const scaling: ScalingResult[] = [];
  try {
    for (const [id, build] of Object.entries(SCENARIOS)) {
      if (!wanted(id)) continue;
      options.log(`${id}…`);
      scenarios.push(await runScenario(await build(ctx), peer, options, ctx.settings));
    }
    if (wanted('scaling')) {
      options.log('growth tables…');
      scaling.push(await treeScaling(ctx, options));
      scaling.push(await spoolScaling(ctx, peer, options));
    }
  } finally {
    if (typeof peer !== 'string') peer.stop();
  }
  const report: Report = {
    quick: options.quick,
    environment: environment(peer, options.quick),
    scenarios,
    scaling,
    notes: [],
    seconds: (Date.now() - started) / 1000,
  };
  return { report, markdown: renderReport(report) };
}
