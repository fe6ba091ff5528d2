/**
 * Where the time per test goes in a whole run: `tsx src/runner-bench/trace.ts
 * <vitest|jest> [--files=F] [--tests=N] [--per=test|file]
 * [--rows=baseline,limit,...] [--no-strace] [--no-prof] [--keep]`.
 *
 * Generates F test files (default 1) of N tests (default 1,000; bodies do no
 * fs work) per row, then for each row:
 * - runs it under `strace -f -c` and prints, per syscall, the calls per test
 *   above the baseline row (the runner's own calls cancel out);
 * - runs it with `--cpu-prof` (one worker: Vitest `--maxWorkers=1
 *   --no-file-parallelism`, Jest `-i`), picks the profile of the process that
 *   ran test files (summed over them) and prints its CPU time per test (or
 *   per file, with `--per=file`) by category (the
 *   adapter and engine, the runner, Node internals, GC, native), inclusive
 *   for the adapter (any sample with an adapter frame on its stack).
 * Nothing is written into the README: the figures are read by hand.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  binArgument,
  createProject,
  JEST,
  type Project,
  VITEST,
} from '@temp-fixtures/test-support';
import type { Profile, ProfileNode } from '../cpu-profile.js';
import { enterScratch, leaveScratch } from '../scratch.js';
import { jestVariants, vitestVariants } from './generate.js';

function flag(name: string): string | undefined {
  const arg = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (arg === undefined) return undefined;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : '';
}

const ADAPTER = /\/node_modules\/(temp-fixtures|vitest-temp|jest-temp)\//;
const RUNNER =
  /\/node_modules\/(\.pnpm\/)?(vitest|@vitest|jest|@jest|jest-[^/]+|expect|tinypool|tinyspy|chai|pretty-format)/;

function category(node: ProfileNode, testFile: string): string {
  const { functionName, url } = node.callFrame;
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return 'native (program)';
  if (ADAPTER.test(url)) return 'adapter + engine (self)';
  if (url.includes(testFile)) return 'test file';
  if (RUNNER.test(url)) return 'runner';
  if (url.startsWith('node:') || url === '') return 'node internals / builtins';
  return 'other';
}

/** `name package/file:line` of a frame (line 1-based; none for a native). */
function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*\/node_modules\//, '');
  return `${functionName || '(anonymous)'} ${file}${file ? `:${lineNumber + 1}` : ''}`.trim();
}

/** CPU ms by category, and ms of samples with an adapter frame anywhere on the stack. */
function profileSummary(profile: Profile, testFile: string) {
  const parent = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const total = profile.samples?.length ?? 0;
  const msPerSample = total > 0 ? (profile.endTime - profile.startTime) / 1000 / total : 0;
  const byCategory = new Map<string, number>();
  let underAdapter = 0;
  const adapterFns = new Map<string, number>();
  const adapterLeaves = new Map<string, number>();
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0) continue;
    const cat = category(n, testFile);
    byCategory.set(cat, (byCategory.get(cat) ?? 0) + hits * msPerSample);
    let entry: ProfileNode | undefined;
    // The innermost adapter frame: the engine function whose work (or whose
    // calls into Node) the sample belongs to.
    for (let p: ProfileNode | undefined = n; p && !entry; p = parent.get(p.id))
      if (ADAPTER.test(p.callFrame.url)) entry = p;
    if (entry) {
      underAdapter += hits * msPerSample;
      const key = frameName(entry);
      adapterFns.set(key, (adapterFns.get(key) ?? 0) + hits * msPerSample);
      const leaf = frameName(n);
      adapterLeaves.set(leaf, (adapterLeaves.get(leaf) ?? 0) + hits * msPerSample);
    }
  }
  return {
    byCategory,
    underAdapter,
    adapterFns,
    adapterLeaves,
    wallMs: (profile.endTime - profile.startTime) / 1000,
  };
}

type ProfileTotals = ReturnType<typeof profileSummary> & { filesSeen: number };

function addInto(into: Map<string, number>, from: Map<string, number>): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

/** Sums the profiles of several processes. */
function merge(
  into: ProfileTotals | undefined,
  add: ReturnType<typeof profileSummary>,
  files: number,
): ProfileTotals {
  if (!into) return { ...add, filesSeen: files };
  addInto(into.byCategory, add.byCategory);
  addInto(into.adapterFns, add.adapterFns);
  addInto(into.adapterLeaves, add.adapterLeaves);
  into.underAdapter += add.underAdapter;
  into.wallMs += add.wallMs;
  into.filesSeen += files;
  return into;
}

function straceCounts(file: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 5 || !/^\d/.test(cols[0]!)) continue;
    const name = cols[cols.length - 1]!;
    if (name === 'total') continue;
    const calls = Number(cols[3]);
    if (Number.isFinite(calls)) counts.set(name, calls);
  }
  return counts;
}

function main(): void {
  const runnerName = process.argv[2];
  if (runnerName !== 'vitest' && runnerName !== 'jest')
    throw new Error(
      'usage: trace <vitest|jest> [--tests=N] [--rows=a,b] [--no-strace] [--no-prof]',
    );
  const files = Number(flag('files') ?? 1);
  const perFile = Number(flag('tests') ?? 1000);
  const shape = { files, testsPerFile: perFile };
  const unit = flag('per') === 'file' ? 'file' : 'test';
  /** The divisor: tests or files (counted in what was measured). */
  const units = (filesSeen: number) => (unit === 'file' ? filesSeen : filesSeen * perFile);
  const tests = units(files);
  const all = (runnerName === 'vitest' ? vitestVariants : jestVariants)(shape);
  const wanted = (flag('rows') ?? `baseline,empty,limit,${runnerName}-temp`).split(',');
  const variants = all.filter((v) => wanted.includes(v.id));
  const bin = runnerName === 'vitest' ? VITEST : JEST;
  const oneWorker =
    runnerName === 'vitest' ? ['run', '--maxWorkers=1', '--no-file-parallelism'] : ['--ci', '-i'];
  const scratch = enterScratch();
  const projects: [string, Project][] = variants.map((v) => [v.id, createProject(v.files, v.deps)]);
  const out = fs.mkdtempSync(path.join(scratch, 'trace-'));
  console.log(
    `${runnerName}: ${files} file(s) × ${perFile} tests, figures per ${unit}; load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
  try {
    const runIn = (
      project: Project,
      prefix: string[],
      nodeArgs: string[] = [],
      extra: string[] = [],
    ) => {
      const argv = [
        ...prefix,
        process.execPath,
        ...nodeArgs,
        binArgument(project.dir, bin),
        ...oneWorker,
        ...extra,
      ];
      const result = spawnSync(argv[0]!, argv.slice(1), {
        cwd: project.dir,
        encoding: 'utf8',
        env: { ...process.env, CI: 'true', NO_COLOR: '1', TEMP_FIXTURES_ROOT: project.root },
      });
      if (result.status !== 0)
        throw new Error(`${argv.join(' ')} failed: ${result.stderr}${result.stdout}`);
    };
    if (flag('no-strace') === undefined) {
      const counts = new Map<string, Map<string, number>>();
      for (const [id, project] of projects) {
        const file = path.join(out, `${id}.strace`);
        runIn(project, ['strace', '-f', '-c', '-o', file]);
        counts.set(id, straceCounts(file));
      }
      const base = counts.get('baseline') ?? new Map<string, number>();
      console.log(`\nstrace -f -c: syscalls per ${unit} above the baseline (|Δ| ≥ 0.05)`);
      for (const [id, c] of counts) {
        if (id === 'baseline') continue;
        const names = new Set([...c.keys(), ...base.keys()]);
        const rows = [...names]
          .map((n) => [n, ((c.get(n) ?? 0) - (base.get(n) ?? 0)) / tests] as const)
          .filter(([, d]) => Math.abs(d) >= 0.05)
          .sort((a, b) => b[1] - a[1]);
        const sum = rows.reduce((s, [, d]) => s + d, 0);
        console.log(
          `  ${id}: ${sum.toFixed(1)} per ${unit}: ${rows.map(([n, d]) => `${n} ${d.toFixed(2)}`).join(', ')}`,
        );
      }
    }
    if (flag('no-prof') === undefined) {
      const summaries = new Map<string, ProfileTotals>();
      for (const [id, project] of projects) {
        const dir = path.join(out, `${id}-prof`);
        // NODE_OPTIONS may not carry --cpu-prof on Node 20: pass it to the
        // runner's process and (Vitest) to its workers through --execArgv.
        const prof = ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200'];
        runIn(project, [], prof, runnerName === 'vitest' ? prof.map((a) => `--execArgv=${a}`) : []);
        // The process that ran the test file is the one whose profile has it.
        // A worker ended by a signal writes no profile: the figures are taken
        // over the test files whose process did write one (retried if none).
        let chosen: ProfileTotals | undefined;
        for (let attempt = 0; attempt < 5 && !chosen; attempt++) {
          if (attempt > 0) {
            fs.rmSync(dir, { recursive: true, force: true });
            runIn(
              project,
              [],
              prof,
              runnerName === 'vitest' ? prof.map((a) => `--execArgv=${a}`) : [],
            );
          }
          for (const name of fs.readdirSync(dir)) {
            const profile = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Profile;
            // Vitest: one forked worker per test file, each with its own profile
            // (the main process is the one that loaded the CLI). Jest -i: the
            // main process ran every file.
            const isMain = profile.nodes.some((n) =>
              /\/(vitest\.mjs|bin\/jest\.js)$/.test(n.callFrame.url),
            );
            if (isMain !== (runnerName === 'jest')) continue;
            const seen = { size: runnerName === 'jest' ? files : 1 };
            chosen = merge(chosen, profileSummary(profile, '.test.js'), seen.size);
          }
        }
        if (chosen) summaries.set(id, chosen);
      }
      const base = summaries.get('baseline');
      const per = (ms: number, t: ProfileTotals) => (ms / units(t.filesSeen)) * 1000;
      console.log(
        `\n--cpu-prof, the processes that ran test files: CPU µs per ${unit} (Δ vs baseline per ${unit})`,
      );
      for (const [id, s] of summaries) {
        const cats = [...s.byCategory]
          .filter(([c]) => c !== 'idle')
          .sort((a, b) => b[1] - a[1])
          .map(([c, ms]) => {
            const d = per(ms, s) - (base ? per(base.byCategory.get(c) ?? 0, base) : 0);
            return `${c} ${per(ms, s).toFixed(0)} (${d >= 0 ? '+' : ''}${d.toFixed(0)})`;
          });
        const busy = [...s.byCategory]
          .filter(([c]) => c !== 'idle')
          .reduce((a, [, ms]) => a + ms, 0);
        console.log(
          `  ${id}: ${s.filesSeen} file(s) profiled, ${s.wallMs.toFixed(0)} ms, busy ${per(busy, s).toFixed(0)} µs/${unit}, idle ${per(s.byCategory.get('idle') ?? 0, s).toFixed(0)} µs/${unit}; ${cats.join('; ')}`,
        );
        if (s.underAdapter > 0) {
          console.log(
            `    under an adapter frame: ${per(s.underAdapter, s).toFixed(0)} µs/${unit}; by innermost adapter function:`,
          );
          for (const [fn, ms] of [...s.adapterFns].sort((a, b) => b[1] - a[1]).slice(0, 14))
            console.log(`      ${per(ms, s).toFixed(1).padStart(7)} µs  ${fn}`);
          console.log('    by leaf (self) function under an adapter frame:');
          for (const [fn, ms] of [...s.adapterLeaves].sort((a, b) => b[1] - a[1]).slice(0, 14))
            console.log(`      ${per(ms, s).toFixed(1).padStart(7)} µs  ${fn}`);
        }
      }
    }
  } finally {
    for (const [, p] of projects) p.remove();
    if (flag('keep') === undefined) leaveScratch(scratch);
    else console.log(`kept ${scratch}`);
  }
}

main();
