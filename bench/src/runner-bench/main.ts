/**
 * Whole-run benchmark of the adapters: `pnpm --filter bench run bench:vitest`
 * / `bench:jest` / `bench:node` (node:test). Every variant of a 500-test suite, in two layouts (10 files
 * × 50 tests, 100 files × 5 tests), runs with the real binary several times,
 * all (layout, variant) pairs interleaved in one seeded shuffle per round;
 * the tables give the median wall time, the median per-round ratio to the
 * no-fixture baseline and to the `limit` row (a bare sync mkdtemp + rmdir
 * fixture) of the same layout, the extra time per test and per file, and the
 * peak RSS per worker.
 *
 * Flags: `--quick` (or BENCH_QUICK=1: tiny suites, one round, no warm-up),
 * `--rounds=N`, `--no-write`, `--out=<file>` (instead of bench/README.md),
 * `--json=<file>` (also save the raw results).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type BinSpec,
  createProject,
  JEST,
  NODE_TEST,
  nodeBinary,
  type Project,
  repoRoot,
  VITEST,
} from '@temp-fixtures/test-support';
import { formatRatio, formatWithBiome, markers, README, writeReport } from '../report.js';
import { shuffled } from '../rounds.js';
import { enterScratch, leaveScratch } from '../scratch.js';
import { type Spread, spread } from '../stats.js';
import {
  jestVariants,
  nodeTestVariants,
  RSS_ENV,
  type SuiteShape,
  type Variant,
  vitestVariants,
} from './generate.js';

interface Runner {
  name: 'vitest' | 'jest' | 'node';
  bin: BinSpec;
  args: string[];
  variants: (shape: SuiteShape) => Variant[];
  /** The Node binary to run it with (default: this one). */
  node?: () => string;
  /** Whether the output reports `tests` passed tests. */
  passed: (output: string, tests: number) => boolean;
}

const PASSED = (output: string, tests: number) => new RegExp(`\\b${tests} passed`).test(output);

const RUNNERS: Record<string, Runner> = {
  vitest: { name: 'vitest', bin: VITEST, args: ['run'], variants: vitestVariants, passed: PASSED },
  jest: { name: 'jest', bin: JEST, args: ['--ci'], variants: jestVariants, passed: PASSED },
  // node:test of a maintained Node (22), TAP on stdout (it is not a terminal).
  node: {
    name: 'node',
    bin: NODE_TEST,
    args: ['--test-reporter=tap'],
    variants: nodeTestVariants,
    node: () => nodeBinary(22),
    passed: (output, tests) => new RegExp(`^# pass ${tests}$`, 'm').test(output),
  },
};

/** A suite layout: the same number of tests spread over few or many files. */
export interface Layout {
  id: 'few' | 'many';
  title: string;
  shape: SuiteShape;
}

function layouts(quick: boolean): Layout[] {
  const few: SuiteShape = quick ? { files: 1, testsPerFile: 6 } : { files: 10, testsPerFile: 50 };
  const many: SuiteShape = quick ? { files: 3, testsPerFile: 2 } : { files: 100, testsPerFile: 5 };
  return [
    { id: 'few', title: `${few.files} files × ${few.testsPerFile} tests`, shape: few },
    { id: 'many', title: `${many.files} files × ${many.testsPerFile} tests`, shape: many },
  ];
}

interface Prepared {
  layout: Layout;
  variant: Variant;
  project?: Project;
  unavailable?: string;
  /** Wall time in ms, per round (undefined where the run failed). */
  times: (number | undefined)[];
  /** Largest peak RSS of any of the run's processes that ran tests, in KiB, per round. */
  rss: (number | undefined)[];
  /** How many processes ran tests, per round. */
  workers: (number | undefined)[];
  /** The last failure, for a variant that never ran. */
  error?: string;
}

/** One row of the results, as saved with `--json`. */
export interface RunnerRow {
  layout: Layout['id'];
  id: string;
  label: string;
  unavailable?: string;
  /** Wall time of the whole run, ms. */
  ms?: Spread;
  /** Per-round ratio to the baseline / to the limit row of the same layout. */
  vsBaseline?: Spread;
  vsLimit?: Spread;
  /** Per-round (time − baseline) ÷ tests and ÷ files, ms. */
  extraPerTest?: Spread;
  extraPerFile?: Spread;
  /** Largest per-worker peak RSS (MiB) and its per-round difference to the baseline's. */
  rssMiB?: Spread;
  rssOverBaselineMiB?: Spread;
  workers?: number;
}

/** What `--json` saves. */
export interface RunnerReport {
  runner: Runner['name'];
  quick: boolean;
  rounds: number;
  layouts: Layout[];
  rows: RunnerRow[];
  /** Per variant: fixed cost per file and cost per test, from the two layouts (ms). */
  split: { id: string; perFile?: number; perTest?: number }[];
  /** Load averages at the start, after each round, at the end. */
  load: { start: number[]; rounds: number[][]; end: number[] };
  seconds: number;
}

function flag(name: string): string | undefined {
  const arg = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (arg === undefined) return undefined;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : '';
}

/** The first error line of a failed run's output, else its end. */
function failureReason(output: string, chars = 300): string {
  const line = output.split('\n').find((l) => /\b[A-Za-z]*Error\b/.test(l));
  const text = (line ?? output).replace(/\s+/g, ' ').trim();
  if (line !== undefined) return text.slice(0, chars);
  return text.length > chars ? `…${text.slice(-chars)}` : text;
}

interface Outcome {
  ms: number;
  rssKiB?: number;
  workers: number;
}

/** Runs the suite once; resolves to its time and memory, or to the reason it failed. */
async function timeRun(
  runner: Runner,
  project: Project,
  tests: number,
  scratch: string,
): Promise<Outcome | string> {
  const rssDir = fs.mkdtempSync(path.join(scratch, 'rss-'));
  try {
    const start = process.hrtime.bigint();
    const result = await project.run(runner.bin, runner.args, {
      timeout: 300_000,
      env: { [RSS_ENV]: rssDir },
      ...(runner.node === undefined ? {} : { node: runner.node() }),
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const passed = runner.passed(result.output, tests);
    if (result.code !== 0 || !passed)
      return `exit ${result.code ?? result.signal}: ${failureReason(result.output)}`;
    const peaks = fs
      .readdirSync(rssDir)
      .map((pid) => Number(fs.readFileSync(path.join(rssDir, pid), 'utf8')));
    const rssKiB = peaks.length > 0 ? Math.max(...peaks) : undefined;
    return { ms, workers: peaks.length, ...(rssKiB === undefined ? {} : { rssKiB }) };
  } finally {
    fs.rmSync(rssDir, { recursive: true, force: true });
  }
}

function prepare(layout: Layout, variant: Variant): Prepared {
  const base = { layout, variant, times: [], rss: [], workers: [] };
  for (const pkg of variant.needs) {
    if (!fs.existsSync(path.join(repoRoot, 'packages', pkg, 'dist', 'index.js'))) {
      return { ...base, unavailable: `packages/${pkg}/dist is missing (build it first)` };
    }
  }
  try {
    return { ...base, project: createProject(variant.files, variant.deps) };
  } catch (error) {
    return { ...base, unavailable: (error as Error).message };
  }
}

/** Per-round values `f(own, reference)` where both ran. */
function perRound<T>(
  own: (T | undefined)[],
  ref: (T | undefined)[] | undefined,
  f: (a: T, b: T) => number,
): number[] {
  return own.flatMap((a, i) => {
    const b = ref?.[i];
    return a !== undefined && b !== undefined ? [f(a, b)] : [];
  });
}

function defined<T>(values: (T | undefined)[]): T[] {
  return values.filter((v): v is T => v !== undefined);
}

function summarise(prepared: Prepared[]): RunnerRow[] {
  return prepared.map((p) => {
    const row: RunnerRow = { layout: p.layout.id, id: p.variant.id, label: p.variant.label };
    if (p.unavailable !== undefined) return { ...row, unavailable: p.unavailable };
    const sibling = (id: string) =>
      prepared.find(
        (q) => q.layout === p.layout && q.variant.id === id && q.unavailable === undefined,
      );
    const base = sibling('baseline');
    const limit = sibling('limit');
    const { files, testsPerFile } = p.layout.shape;
    const tests = files * testsPerFile;
    const mib = (kib: number) => kib / 1024;
    const workers = defined(p.workers);
    return {
      ...row,
      ms: spread(defined(p.times)),
      vsBaseline: spread(perRound(p.times, base?.times, (a, b) => a / b)),
      vsLimit: spread(perRound(p.times, limit?.times, (a, b) => a / b)),
      extraPerTest: spread(perRound(p.times, base?.times, (a, b) => (a - b) / tests)),
      extraPerFile: spread(perRound(p.times, base?.times, (a, b) => (a - b) / files)),
      rssMiB: spread(defined(p.rss).map(mib)),
      rssOverBaselineMiB: spread(perRound(p.rss, base?.rss, (a, b) => mib(a - b))),
      ...(workers.length > 0 ? { workers: Math.max(...workers) } : {}),
    };
  });
}

/**
 * extra(layout) = perTest × tests + perFile × files, both layouts having the
 * same number of tests: two equations, two unknowns, per variant.
 */
function split(rows: RunnerRow[], all: Layout[]): RunnerReport['split'] {
  const [few, many] = all as [Layout, Layout];
  const ids = [...new Set(rows.map((r) => r.id))].filter((id) => id !== 'baseline');
  return ids.map((id) => {
    const a = rows.find((r) => r.layout === 'few' && r.id === id)?.extraPerTest?.median;
    const b = rows.find((r) => r.layout === 'many' && r.id === id)?.extraPerTest?.median;
    if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b)) return { id };
    const tests = few.shape.files * few.shape.testsPerFile;
    const totalFew = a * tests;
    const totalMany = b * many.shape.files * many.shape.testsPerFile;
    const perFile = (totalMany - totalFew) / (many.shape.files - few.shape.files);
    const perTest = (totalFew - perFile * few.shape.files) / tests;
    return { id, perFile, perTest };
  });
}

function withSpread(s: Spread | undefined, format: (n: number) => string): string {
  if (!s || s.n === 0 || Number.isNaN(s.median)) return '–';
  if (s.n < 3) return format(s.median);
  return `${format(s.median)} (${format(s.p25)} – ${format(s.p75)})`;
}

function ratioText(s: Spread | undefined): string {
  if (!s || s.n === 0 || Number.isNaN(s.median)) return '–';
  if (s.n < 3) return formatRatio(s.median);
  return `${formatRatio(s.median)} (${s.p25.toFixed(2)}–${s.p75.toFixed(2)})`;
}

const ms2 = (n: number) => `${n.toFixed(2)} ms`;
const mb1 = (n: number) => `${n.toFixed(1)} MB`;
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(', ');

function render(runner: Runner, report: RunnerReport): string {
  const { start, end } = markers(runner.name);
  const lines = [
    start,
    '',
    `_Generated by \`pnpm --filter bench run bench:${runner.name}${report.quick ? ' --quick' : ''}\` in ${report.seconds.toFixed(0)} s on ${os.cpus().length} cores, load average (1, 5, 15 min) ${load(report.load.start)} at the start and ${load(report.load.end)} at the end (1-min load after each round: ${report.load.rounds.map((l) => l[0]!.toFixed(2)).join(', ')}): ${report.rounds} interleaved round(s) (every layout × variant, seeded shuffle per round)${report.quick ? '' : ' after one untimed warm-up run of each'}; wall time of the whole \`${runner.name}\` process, from spawn to exit. Medians over rounds, inter-quartile range in brackets. Do not edit by hand._`,
  ];
  for (const layout of report.layouts) {
    const tests = layout.shape.files * layout.shape.testsPerFile;
    lines.push(
      '',
      `#### ${tests} tests: ${layout.title}`,
      '',
      '| row | median wall time | × baseline | × limit | extra per test vs baseline | extra per file vs baseline | peak RSS per worker | RSS vs baseline |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const row of report.rows.filter((r) => r.layout === layout.id)) {
      const label = row.label.replace(/\|/g, '\\|');
      if (row.unavailable !== undefined) {
        lines.push(
          `| ${label} | not available: ${row.unavailable.replace(/\|/g, '\\|')} | | | | | | |`,
        );
        continue;
      }
      const isBase = row.id === 'baseline';
      lines.push(
        `| ${label} | ${((row.ms?.median ?? Number.NaN) / 1000).toFixed(2)} s | ${isBase ? '1.00×' : ratioText(row.vsBaseline)} | ${row.id === 'limit' ? '1.00×' : ratioText(row.vsLimit)} | ${isBase ? '–' : withSpread(row.extraPerTest, ms2)} | ${isBase ? '–' : withSpread(row.extraPerFile, ms2)} | ${withSpread(row.rssMiB, mb1)}${row.workers === undefined ? '' : ` (${row.workers} proc.)`} | ${isBase ? '–' : withSpread(row.rssOverBaselineMiB, (n) => `${n >= 0 ? '+' : ''}${mb1(n)}`)} |`,
      );
    }
  }
  const [few, many] = report.layouts as [Layout, Layout];
  lines.push(
    '',
    `#### Per test and per file`,
    '',
    `The extra time over the baseline, split in two from the two layouts (${few.shape.files} and ${many.shape.files} files, the same number of tests): extra = per test × tests + per file × files. A difference of two noisy medians: read the sign and the order of magnitude.`,
    '',
    '| row | per test | per file |',
    '|---|---|---|',
  );
  for (const s of report.split) {
    const label = report.rows.find((r) => r.id === s.id)?.label.replace(/\|/g, '\\|') ?? s.id;
    lines.push(
      `| ${label} | ${s.perTest === undefined ? '–' : ms2(s.perTest)} | ${s.perFile === undefined ? '–' : ms2(s.perFile)} |`,
    );
  }
  lines.push(
    '',
    '- "peak RSS per worker": the largest `process.resourceUsage().maxRSS` of the processes that ran test files (written by an `afterAll` in every file), and how many there were.',
    '',
    end,
  );
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const runner = RUNNERS[process.argv[2] ?? ''];
  if (!runner)
    throw new Error(
      `usage: runner-bench <${Object.keys(RUNNERS).join('|')}> [--quick] [--rounds=N] [--no-write] [--out=file] [--json=file]`,
    );
  const quick =
    flag('quick') !== undefined || ['1', 'true'].includes(process.env.BENCH_QUICK ?? '');
  const all = layouts(quick);
  const rounds = Number(flag('rounds') ?? (quick ? 1 : 5));
  const started = Date.now();
  const loadStart = os.loadavg();
  const roundLoads: number[][] = [];
  const scratch = enterScratch();
  const prepared = all.flatMap((layout) =>
    runner.variants(layout.shape).map((variant) => prepare(layout, variant)),
  );
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const name = (p: Prepared) => `${p.layout.id}/${p.variant.id}`;
  const testsOf = (p: Prepared) => p.layout.shape.files * p.layout.shape.testsPerFile;
  try {
    // The warm-up run doubles as the check that a variant works at all. The
    // quick mode has one round and no warm-up: a variant that fails there is
    // reported as not available.
    if (!quick) {
      for (const p of prepared) {
        if (!p.project) continue;
        const outcome = await timeRun(runner, p.project, testsOf(p), scratch);
        if (typeof outcome === 'string') p.unavailable = `the suite failed: ${outcome}`;
        log(
          `${name(p)}: ${typeof outcome === 'string' ? outcome : `${(outcome.ms / 1000).toFixed(1)} s (warm-up)`}`,
        );
      }
    }
    const live = prepared.filter((p) => p.unavailable === undefined && p.project);
    for (let round = 0; round < rounds; round++) {
      for (const p of shuffled(live, round)) {
        const outcome = await timeRun(runner, p.project!, testsOf(p), scratch);
        if (typeof outcome === 'string') {
          p.error = outcome;
          log(`${name(p)} failed in round ${round + 1}: ${outcome}`);
          continue;
        }
        p.times[round] = outcome.ms;
        p.rss[round] = outcome.rssKiB;
        p.workers[round] = outcome.workers;
      }
      roundLoads.push(os.loadavg());
      log(`round ${round + 1}/${rounds} done (load ${load(os.loadavg())})`);
    }
    for (const p of live) {
      if (defined(p.times).length === 0)
        p.unavailable = `the suite failed: ${p.error ?? 'never ran'}`;
    }
  } finally {
    for (const p of prepared) p.project?.remove();
    leaveScratch(scratch);
  }
  const rows = summarise(prepared);
  const report: RunnerReport = {
    runner: runner.name,
    quick,
    rounds,
    layouts: all,
    rows,
    split: split(rows, all),
    load: { start: loadStart, rounds: roundLoads, end: os.loadavg() },
    seconds: (Date.now() - started) / 1000,
  };
  const markdown = render(runner, report);
  process.stdout.write(markdown);
  const json = flag('json');
  if (json) fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  if (flag('no-write') === undefined) {
    const out = flag('out') ?? README;
    writeReport(out, markdown, runner.name);
    const warning = out === README ? formatWithBiome(out) : undefined;
    if (warning) log(warning);
  }
}

await main();
