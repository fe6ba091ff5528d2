/**
 * What the engine deletes and what it never touches, seen through the real
 * Vitest binary (README: "Keeping what failed", "What the engine deletes,
 * and what it never touches"): overlapping runs on one root keep every dir
 * they reported, a SIGKILLed main process leaves no run owned by pid 1 and
 * nothing the next run does not reap, a foreign folder as the root is
 * refused untouched, a full disk while recording a kept dir does not lose
 * it, and a planted huge run number is ignored. With and without the plugin.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { leftovers, type Project, startBin, VITEST } from '@temp-fixtures/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  BARE_CONFIG,
  IMPORT,
  keptEntries,
  keptLines,
  PLUGIN_CONFIG,
  runDirs,
  siblingRoot,
  vitest,
  vitestProject,
} from './support/e2e.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Only intentional timeouts happen, however slow 2 shared cores are. */
const SLOW_OK = ['--testTimeout', '60000'];
const BARE = ['--config', 'bare.config.js'];
const CONFIGS = [
  { name: 'with the plugin', plugin: true, args: [] as string[] },
  { name: 'without the plugin', plugin: false, args: BARE },
];

const PRELUDE = `${IMPORT}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// The live parent pid (a test environment's \`process\` may hold a copy taken at its start).
const ppid = () => Number(fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[1]);
const log = (event) =>
  fs.appendFileSync(process.env.LOG_FILE, JSON.stringify({ ...event, pid: process.pid, ppid: ppid() }) + '\\n');
`;

/**
 * Four runs at once: each first waits (in a test that already made its dir,
 * so its run exists) until all four got that far, then keeps two dirs.
 */
const BATCH_FILE = `${PRELUDE}
test('meets the others', async ({ tmp }) => {
  await tmp.write('data.txt', 'x');
  fs.writeFileSync(path.join(process.env.BARRIER, process.env.RUN_ID), '');
  for (let i = 0; i < 600 && fs.readdirSync(process.env.BARRIER).length < 4; i++) await sleep(50);
});
test('fails a', async ({ tmp }) => {
  await tmp.write('evidence.txt', 'a ' + process.env.RUN_ID);
  expect('a').toBe('passes');
});
test('passes', async ({ tmp }) => {
  await tmp.write('data.txt', 'x');
});
test('fails b', async ({ tmp }) => {
  await tmp.write('evidence.txt', 'b ' + process.env.RUN_ID);
  expect('b').toBe('passes');
});
`;

const OLD_FILE = `${IMPORT}
test('old fails', async ({ tmp }) => {
  await tmp.write('evidence.txt', 'old');
  expect(1).toBe(2);
});
`;

/**
 * Its third test blocks (synchronously, so Vitest cannot end the worker
 * under it) until the worker is orphaned, then goes on writing.
 */
const KILL_FILE = `${PRELUDE}
test('fails before the kill', async ({ tmp }) => {
  await tmp.write('evidence.txt', 'x');
  expect(1).toBe(2);
});
test('passes before the kill', async ({ tmp }) => {
  await tmp.write('data.txt', 'x');
});
test('long', async ({ tmpDir }) => {
  fs.writeFileSync(path.join(tmpDir, 'long.txt'), 'long');
  const parent = ppid();
  log({ event: 'long', tmpDir });
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 600 && ppid() === parent; i++) Atomics.wait(nap, 0, 0, 50);
  fs.writeFileSync(path.join(tmpDir, 'orphaned.txt'), 'orphaned');
  log({ event: 'orphaned' });
});
test('passes after the kill', async ({ tmp, tmpDir }) => {
  log({ event: 'after', tmpDir });
  await tmp.write('data.txt', 'x');
});
test('fails after the kill', async ({ tmp, tmpDir }) => {
  log({ event: 'after', tmpDir });
  await tmp.write('data.txt', 'x');
  expect(1).toBe(2);
});
`;

const QUICK_FILE = `${IMPORT}
test('quick passes', async ({ tmp }) => {
  await tmp.write('data.txt', 'x');
});
test('quick fails', async ({ tmp }) => {
  await tmp.write('evidence.txt', 'quick');
  expect(1).toBe(2);
});
`;

/** Fills the disk holding \`FILLER\` before failing, with its dir's evidence written first. */
const FULL_FILE = `${IMPORT}
test('passes first', async ({ tmp }) => {
  await tmp.write('data.txt', 'x');
});
test('fills the disk', async ({ tmp }) => {
  await tmp.write('evidence.txt', 'full');
  const fd = fs.openSync(process.env.FILLER, 'w');
  try {
    for (;;) fs.writeSync(fd, Buffer.alloc(4096));
  } catch (error) {
    if (error.code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
  expect('disk').toBe('full');
});
`;

/** Runs `job` once fewer than `max` jobs given to this limiter are running. */
function limiter(max: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** At most 2 of this file's concurrent tests drive runners at once (2 shared cores). */
const twoAtOnce = limiter(2);

/** `fn` as a test body that waits for its turn in `twoAtOnce`. */
function limited<A extends unknown[]>(
  fn: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return (...args) => twoAtOnce(() => fn(...args));
}

const QUICK_SUMMARY = 'Tests  1 failed | 1 passed (2)';

let project: Project;

beforeAll(() => {
  project = vitestProject({
    'vitest.config.js': PLUGIN_CONFIG,
    'bare.config.js': BARE_CONFIG,
    'batch/batch.test.js': BATCH_FILE,
    'old/old.test.js': OLD_FILE,
    'kill/long.test.js': KILL_FILE,
    'quick/quick.test.js': QUICK_FILE,
    'full/full.test.js': FULL_FILE,
  });
});
afterAll(() => project.remove());

/** The `pid` of every `.run.json` under `root`. */
function markerPids(root: string): number[] {
  const pids: number[] = [];
  for (const name of runDirs(root)) {
    try {
      pids.push(JSON.parse(fs.readFileSync(path.join(root, name, '.run.json'), 'utf8')).pid);
    } catch {
      // Being created or removed right now.
    }
  }
  return pids;
}

/** Whether `pid` is a live process (a zombie counts as gone). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Every kept path any `kept.json` under `root` lists. */
function keptInRoot(root: string): string[] {
  return runDirs(root).flatMap((name) => {
    const dir = path.join(root, name);
    return fs.existsSync(path.join(dir, 'kept.json')) ? keptEntries(dir).map((e) => e.path) : [];
  });
}

/** The paths of the plugin's end-of-run summary (indented lines after its header). */
function summaryPaths(output: string): string[] {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => /^temp-fixtures: kept \d+ temp dirs?\b/.test(line));
  if (start < 0) return [];
  const paths: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^ {2}\[/.test(line)) continue;
    const match = /^ {4}(\/\S+)$/.exec(line);
    if (!match) break;
    paths.push(match[1]!);
  }
  return paths;
}

/** The path of each `temp-fixtures: kept <path> [...]` line. */
function keptLinePaths(output: string): string[] {
  return keptLines(output).map((line) => line.split(' ')[2]!);
}

/** Every entry below `dir` with its mode, mtime and content: what "untouched" means. */
function fingerprint(dir: string, skip?: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((rel) => skip === undefined || !(rel === skip || rel.startsWith(`${skip}/`)))
    .sort()
    .map((rel) => {
      const file = path.join(dir, rel);
      const stats = fs.lstatSync(file);
      const content = stats.isFile() ? fs.readFileSync(file, 'base64') : '';
      return `${rel} ${stats.mode.toString(8)} ${stats.mtimeMs} ${content}`;
    });
}

describe('4 runs at once on one root holding 3 older runs with kept dirs', () => {
  test('every dir any run reported as kept still exists after all have exited', async () => {
    const root = siblingRoot(project, 'overlap');
    for (let i = 0; i < 3; i++) {
      const old = await vitest(project, {
        root,
        args: ['old', ...(i === 1 ? [] : BARE), ...SLOW_OK],
        env: { KEEP_TMP: '1' },
      });
      expect(old.code, old.output).toBe(1);
    }
    const older = keptInRoot(root);
    expect(older).toHaveLength(3);
    const barrier = path.join(path.dirname(root), 'barrier');
    fs.mkdirSync(barrier);
    // Two runs with the plugin, two without: 4 Vitest processes at once.
    const runs = await Promise.all(
      [0, 1, 2, 3].map(
        (i) =>
          startBin(project, VITEST, ['run', 'batch', ...(i % 2 === 0 ? [] : BARE), ...SLOW_OK], {
            env: { KEEP_TMP: '1', TEMP_FIXTURES_ROOT: root, BARRIER: barrier, RUN_ID: `r${i}` },
          }).result,
      ),
    );
    // They all overlapped: each got past its first test only once all four were there.
    expect(fs.readdirSync(barrier).sort()).toEqual(['r0', 'r1', 'r2', 'r3']);
    const reported: string[] = [];
    for (const [i, run] of runs.entries()) {
      expect(run.timedOut).toBe(false);
      expect(run.code, run.output).toBe(1);
      expect(run.output).toContain('Tests  2 failed | 2 passed (4)');
      const lines = keptLinePaths(run.output);
      expect(lines, run.output).toHaveLength(2);
      if (i % 2 === 0) expect(summaryPaths(run.output).sort()).toEqual([...lines].sort());
      reported.push(...lines);
    }
    // Four distinct runs, none of them an older one.
    const runOf = (dir: string) => path.relative(root, dir).split(path.sep)[0];
    expect(new Set(reported.map(runOf)).size).toBe(4);
    for (const dir of older) expect(reported.map(runOf)).not.toContain(runOf(dir));
    for (const dir of reported) {
      expect(fs.existsSync(dir), dir).toBe(true);
      expect(fs.readFileSync(path.join(dir, 'evidence.txt'), 'utf8')).toMatch(/^[ab] r[0-3]$/);
    }
    // No other test data is left (the older runs' kept dirs may be pruned or not).
    expect(leftovers(root, [...reported, ...older])).toEqual([]);
  }, 150_000);
});

describe.concurrent('SIGKILL of the main Vitest process alone (forks pool), then a normal run', () => {
  const VARIANTS = [
    ...CONFIGS.map((c) => ({ ...c, keep: '1' })),
    ...CONFIGS.map((c) => ({ ...c, keep: undefined })),
  ];
  test.each(VARIANTS)(
    '$name, KEEP_TMP=$keep',
    limited(async ({ plugin, args, keep }) => {
      const label = `kill-${plugin ? 'plugin' : 'bare'}-${keep ?? 'unset'}`;
      const root = siblingRoot(project, label);
      const logFile = path.join(path.dirname(root), `${label}.log`);
      fs.writeFileSync(logFile, '');
      const events = () =>
        fs
          .readFileSync(logFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { event: string; pid: number; ppid: number });
      const run = startBin(
        project,
        VITEST,
        ['run', 'kill', '--pool', 'forks', ...args, ...SLOW_OK],
        {
          env: { KEEP_TMP: keep, TEMP_FIXTURES_ROOT: root, LOG_FILE: logFile },
        },
      );
      let exited = false;
      void run.result.then(() => {
        exited = true;
      });
      // Watch every run marker from the start: none may ever be owned by pid 1.
      const owners = new Set<number>();
      const watch = () => {
        for (const pid of markerPids(root)) owners.add(pid);
      };
      const deadline = Date.now() + 60_000;
      // Kill once the long test runs and what was kept before it has been reported.
      const ready = () =>
        events().some((e) => e.event === 'long') &&
        (keep === undefined ||
          keptLinePaths(run.output()).some((dir) => dir.includes('/fails_before_the_kill-')));
      while (!ready() && !exited && Date.now() < deadline) {
        watch();
        await sleep(25);
      }
      const long = events().find((e) => e.event === 'long');
      expect(long, run.output()).toBeDefined();
      // The worker is a child of the main process, which is the process we kill.
      expect(long!.ppid).toBe(run.child.pid);
      run.child.kill('SIGKILL');
      const killed = await run.result;
      expect(killed.signal).toBe('SIGKILL');
      // The orphaned worker goes on (its long test finishes) or dies; wait until it is gone.
      const workerDeadline = Date.now() + 30_000;
      while (alive(long!.pid) && Date.now() < workerDeadline) {
        watch();
        await sleep(25);
      }
      expect(alive(long!.pid)).toBe(false);
      watch();
      // It did go on after the kill, as an orphan.
      const orphaned = events().find((e) => e.event === 'orphaned');
      expect(orphaned, JSON.stringify(events())).toBeDefined();
      expect(orphaned!.ppid).not.toBe(run.child.pid);

      const later = await vitest(project, { root, args: ['quick', ...args, ...SLOW_OK] });
      expect(later.code, later.output).toBe(1);
      expect(later.output).toContain(QUICK_SUMMARY);
      watch();
      expect([...owners]).not.toContain(1);
      expect(owners.size).toBeGreaterThan(0);

      const kept = keptInRoot(root);
      if (keep === '1') {
        // What was reported kept before the kill is still there, and listed.
        const killedBefore = keptLinePaths(killed.output);
        expect(
          killedBefore.map((dir) => path.basename(dir)),
          killed.output,
        ).toContainEqual(expect.stringMatching(/^fails_before_the_kill-/));
        for (const dir of killedBefore) {
          expect(fs.readFileSync(path.join(dir, 'evidence.txt'), 'utf8')).toBe('x');
          expect(kept).toContain(dir);
        }
        expect(kept).toEqual(expect.arrayContaining(keptLinePaths(later.output)));
      } else {
        expect(kept).toEqual([]);
      }
      // No byte of a non-kept test dir is left anywhere under the root.
      expect(leftovers(root, kept)).toEqual([]);
    }),
  );
});

describe.concurrent('a root that is a pre-existing folder with foreign files', () => {
  /** A CI artifacts folder: a report, a dotfile, an old `run-1` of another tool's. */
  function artifacts(name: string): { dir: string; before: string[] } {
    const dir = path.join(path.dirname(project.root), name);
    fs.mkdirSync(path.join(dir, 'run-1'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'junit.xml'), '<testsuites/>\n');
    fs.writeFileSync(path.join(dir, '.tmp-notes'), 'my notes\n');
    fs.writeFileSync(path.join(dir, 'run-1', 'report.xml'), '<report/>\n');
    const old = new Date(Date.now() - 3 * 86_400_000);
    for (const rel of ['junit.xml', '.tmp-notes', 'run-1/report.xml', 'run-1', '.']) {
      fs.utimesSync(path.join(dir, rel), old, old);
    }
    return { dir, before: fingerprint(dir) };
  }

  test.each(CONFIGS)(
    '$name: refused with ERR_FOREIGN_ROOT, nothing touched',
    limited(async ({ args }) => {
      const { dir, before } = artifacts(`foreign-${args.length}`);
      const result = await vitest(project, {
        root: dir,
        args: ['quick', ...args, ...SLOW_OK],
        env: { KEEP_TMP: '1' },
      });
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBe(null);
      expect(result.output).toContain(`temp-fixtures refuses to use '${dir}' as its root`);
      expect(result.output).toContain(`'junit.xml'`);
      expect(result.output).toContain(`e.g. '${path.join(dir, 'temp-fixtures')}'`);
      expect(fingerprint(dir)).toEqual(before);
    }),
  );

  test.each(CONFIGS)(
    '$name: its subfolder works, the foreign files untouched',
    limited(async ({ args }) => {
      const { dir, before } = artifacts(`subfolder-${args.length}`);
      const root = path.join(dir, 'temp-fixtures');
      for (let i = 0; i < 2; i++) {
        const result = await vitest(project, {
          root,
          args: ['quick', ...args, ...SLOW_OK],
          env: { KEEP_TMP: '1' },
        });
        expect(result.code, result.output).toBe(1);
        expect(result.output).toContain(QUICK_SUMMARY);
        expect(result.output).not.toContain('ERR_FOREIGN_ROOT');
        const kept = keptLinePaths(result.output);
        expect(kept).toHaveLength(1);
        expect(kept[0]!.startsWith(`${root}${path.sep}`)).toBe(true);
      }
      expect(fingerprint(dir, 'temp-fixtures')).toEqual(before);
      expect(leftovers(root, keptInRoot(root))).toEqual([]);
    }),
  );
});

describe.concurrent('a folder holding only names an earlier version used', () => {
  // \`.tmp-notes\` and \`run-1\` look like an old root's entries, so the folder
  // is adopted as a root; what is in it was still never the engine's.
  test.each(CONFIGS)(
    '$name: adopted, its files untouched through two runs',
    limited(async ({ args }) => {
      const dir = path.join(path.dirname(project.root), `legacy-${args.length}`);
      fs.mkdirSync(path.join(dir, 'run-1'), { recursive: true, mode: 0o700 });
      fs.chmodSync(dir, 0o700);
      fs.writeFileSync(path.join(dir, '.tmp-notes'), 'my notes\n');
      fs.writeFileSync(path.join(dir, 'run-1', 'report.xml'), '<report/>\n');
      const old = new Date(Date.now() - 3 * 86_400_000);
      for (const rel of ['.tmp-notes', 'run-1/report.xml', 'run-1']) {
        fs.utimesSync(path.join(dir, rel), old, old);
      }
      const mine = (lines: string[]) =>
        lines.filter((line) => /^(\.tmp-notes|run-1|run-1\/report\.xml) /.test(line));
      const before = mine(fingerprint(dir));
      expect(before).toHaveLength(3);
      const kept: string[] = [];
      for (let i = 0; i < 2; i++) {
        const result = await vitest(project, {
          root: dir,
          args: ['quick', ...args, ...SLOW_OK],
          env: { KEEP_TMP: '1' },
        });
        expect(result.code, result.output).toBe(1);
        expect(result.output).toContain(QUICK_SUMMARY);
        kept.push(...keptLinePaths(result.output));
      }
      expect(kept).toHaveLength(2);
      for (const keptDir of kept)
        expect(path.relative(dir, keptDir).split(path.sep)[0]).not.toBe('run-1');
      expect(mine(fingerprint(dir))).toEqual(before);
      expect(leftovers(dir, kept)).toEqual([]);
    }),
  );
});

describe.concurrent('a full disk while recording a kept dir (tmpfs in a private mount namespace)', () => {
  const exec = promisify(execFile);

  test.each(CONFIGS)(
    '$name: loud warning, the dir survives and the next run lists it',
    limited(async ({ args }) => {
      const base = path.join(path.dirname(project.root), `full-${args.length}`);
      const mount = path.join(base, 'small');
      const out = path.join(base, 'out');
      fs.mkdirSync(mount, { recursive: true });
      fs.mkdirSync(out);
      const root = path.join(mount, 'root');
      const vitestBin = path.join(project.dir, 'node_modules', 'vitest', 'vitest.mjs');
      const vitestArgs = [...args, ...SLOW_OK].join(' ');
      // Inside the namespace: the failing run (disk full), remove the filler,
      // the next run, then a dump of the root while the tmpfs still exists.
      const dump = `
      const fs = require('fs'); const path = require('path');
      const root = process.argv[1];
      const runs = fs.readdirSync(root).filter((n) => /^run-\\d+$/.test(n)).sort();
      const keptJson = {};
      for (const run of runs) {
        try { keptJson[run] = JSON.parse(fs.readFileSync(path.join(root, run, 'kept.json'), 'utf8')); } catch {}
      }
      const tree = [];
      const walk = (rel) => {
        for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
          const child = rel ? rel + '/' + entry.name : entry.name;
          tree.push(entry.isDirectory() ? child + '/' : child);
          if (entry.isDirectory()) walk(child);
        }
      };
      walk('');
      const evidence = {};
      for (const rel of tree) if (rel.endsWith('evidence.txt')) evidence[path.join(root, rel)] = fs.readFileSync(path.join(root, rel), 'utf8');
      console.log(JSON.stringify({ runs, keptJson, tree, evidence }));
    `;
      const script = [
        `mount -t tmpfs -o size=2m tmpfs "$MNT" || exit 99`,
        `FILLER="$MNT/filler" "$NODE" "$VITEST" run full ${vitestArgs} >"$OUT/first.log" 2>&1; echo $? >"$OUT/first.code"`,
        `rm -f "$MNT/filler"`,
        `"$NODE" "$VITEST" run quick ${vitestArgs} >"$OUT/second.log" 2>&1; echo $? >"$OUT/second.code"`,
        `"$NODE" -e "$DUMP" "$TEMP_FIXTURES_ROOT" >"$OUT/state.json"`,
      ].join('\n');
      await exec('unshare', ['--mount', 'sh', '-c', script], {
        cwd: project.dir,
        timeout: 120_000,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          CI: 'true',
          NO_COLOR: '1',
          FORCE_COLOR: '0',
          KEEP_TMP: '1',
          TEMP_FIXTURES_ROOT: root,
          MNT: mount,
          OUT: out,
          NODE: process.execPath,
          VITEST: vitestBin,
          DUMP: dump,
        },
      });
      const read = (name: string) => fs.readFileSync(path.join(out, name), 'utf8');
      const first = read('first.log');
      expect(read('first.code').trim(), first).toBe('1');
      const warning =
        /temp-fixtures: WARNING: kept dir (\S+) could not be recorded in kept\.json \(ENOSPC\)/.exec(
          first,
        );
      expect(warning, first).not.toBeNull();
      const keptDir = warning![1]!;
      expect(path.basename(keptDir)).toMatch(/^fills_the_disk-/);
      expect(keptLinePaths(first)).toEqual([keptDir]);
      const second = read('second.log');
      expect(read('second.code').trim(), second).toBe('1');
      expect(second).toContain(QUICK_SUMMARY);
      const state = JSON.parse(read('state.json')) as {
        runs: string[];
        keptJson: Record<string, { kept: { path: string; name: string }[] }>;
        tree: string[];
        evidence: Record<string, string>;
      };
      // The first run's kept dir is whole, and its run's kept.json lists it now.
      expect(state.evidence[path.join(keptDir, 'evidence.txt')]).toBe('full');
      const firstRun = path.relative(root, keptDir).split(path.sep)[0]!;
      expect(state.keptJson[firstRun]?.kept.map((e) => e.path)).toContain(keptDir);
      expect(state.keptJson[firstRun]?.kept).toHaveLength(1);
      // The second run kept its own failure, in a run of its own.
      const secondKept = keptLinePaths(second);
      expect(secondKept).toHaveLength(1);
      expect(secondKept[0]!.startsWith(path.join(root, firstRun) + path.sep)).toBe(false);
      expect(state.evidence[path.join(secondKept[0]!, 'evidence.txt')]).toBe('quick');
      // Nothing else holds test data: the root's shape, rebuilt outside the
      // namespace, has no leftovers but the two kept dirs.
      const mirror = path.join(base, 'mirror');
      fs.mkdirSync(mirror);
      for (const rel of state.tree) {
        if (rel.endsWith('/')) fs.mkdirSync(path.join(mirror, rel), { recursive: true });
        else fs.writeFileSync(path.join(mirror, rel), '');
      }
      const inMirror = (dir: string) => path.join(mirror, path.relative(root, dir));
      expect(leftovers(mirror, [inMirror(keptDir), inMirror(secondKept[0]!)])).toEqual([]);
      expect(leftovers(mirror).filter((rel) => rel.endsWith('evidence.txt'))).toHaveLength(2);
    }),
  );
});

describe.concurrent('a planted huge run number', () => {
  const ROOTS = [
    { kind: 'a root with the marker', marker: true },
    { kind: 'an otherwise empty root', marker: false },
  ];
  const VARIANTS = CONFIGS.flatMap((c) => ROOTS.map((r) => ({ ...c, ...r })));
  test.each(VARIANTS)(
    '$kind, $name: run-1 is created promptly, the planted dir left alone',
    limited(async ({ args, marker, plugin }) => {
      const root = siblingRoot(project, `huge-${plugin}-${marker}`);
      const planted = path.join(root, 'run-100000000000000000000');
      fs.mkdirSync(planted, { recursive: true, mode: 0o700 });
      fs.chmodSync(root, 0o700);
      fs.writeFileSync(path.join(planted, 'mine.txt'), 'mine');
      fs.writeFileSync(path.join(root, '.last-run'), '9007199254740991\n');
      if (marker) fs.writeFileSync(path.join(root, '.temp-fixtures-root'), '');
      const plantedBefore = fingerprint(planted);
      const started = Date.now();
      const result = await startBin(project, VITEST, ['run', 'quick', ...args, ...SLOW_OK], {
        env: { KEEP_TMP: '1', TEMP_FIXTURES_ROOT: root },
        timeout: 60_000,
      }).result;
      expect(result.timedOut).toBe(false);
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(result.code, result.output).toBe(1);
      expect(result.output).toContain(QUICK_SUMMARY);
      const kept = keptLinePaths(result.output);
      expect(kept).toHaveLength(1);
      expect(path.relative(root, kept[0]!).split(path.sep)[0]).toBe('run-1');
      expect(runDirs(root)).toEqual(['run-1', 'run-100000000000000000000']);
      expect(fs.existsSync(kept[0]!)).toBe(true);
      expect(fingerprint(planted)).toEqual(plantedBefore);
    }),
  );
});
