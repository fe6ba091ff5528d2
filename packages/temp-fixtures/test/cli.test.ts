/**
 * The `temp-fixtures` command line, run as a real child process (src/cli.ts
 * bundled with esbuild, so the test needs no build) over real roots made by
 * running the engine in child processes (see fixture/helpers/child.ts).
 * Where noted, the same command also runs in-process through `main()` and
 * must answer the same.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { snapshotTree } from '@temp-fixtures/test-support';
import { describe, expect, it } from 'vitest';
import { relocate, shardLabels } from '../src/cli/inventory.js';
import { formatAge, main, processIo } from '../src/cli/main.js';
import { type ChildTest, killChild, runChild, startChild } from './fixture/helpers/child.js';
import { ls, runNames, useScratchRoot } from './fixture/helpers/scratch.js';
import { type CliResult, fail, hostileKeptJson, ownRun, pass, useCli } from './helpers/cli.js';
import { procFs } from './helpers/procfs.js';

const scratch = useScratchRoot();

const { cli, PACKAGE_VERSION } = useCli(scratch);

/** Runs the CLI in this process through `main()`. */
function cliInProcess(args: string[], cwd = scratch.dir): CliResult {
  let stdout = '';
  let stderr = '';
  const status = main(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: process.env,
    cwd,
    now: () => Date.now(),
  });
  return { status, stdout, stderr };
}

interface LsJson {
  version: 1;
  root: string;
  kept: Array<{
    run: string;
    file: string;
    name: string;
    path: string;
    reason: string;
    attempt: number;
    keptAt: string;
    exists: boolean;
    live: boolean;
  }>;
}

describe('ls', () => {
  it('lists the kept dirs of every run: run, test, reason, age, path; --json for machines', async () => {
    const first = await ownRun([fail(['csv parser', 'reads CRLF']), pass('fine')]);
    const second = await ownRun([
      fail(['json', 'parses nested'], '/project/test/json.test.ts'),
      fail(['json', 'rejects trailing commas'], '/project/test/json.test.ts'),
    ]);
    expect(first.kept).toHaveLength(1);
    expect(second.kept).toHaveLength(2);

    const table = cli(['ls', '--root', scratch.root]);
    expect(table.stderr).toBe('');
    expect(table.status).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^RUN\s+TEST\s+REASON\s+AGE\s+PATH$/);
    const csvLine = lines.find((l) => l.includes('test/child.test.ts > csv parser > reads CRLF'));
    expect(csvLine).toMatch(
      /^run-1\s+test\/child\.test\.ts > csv parser > reads CRLF\s+failed\s+\d+s\s+/,
    );
    expect(csvLine!.endsWith(first.kept[0]!.path)).toBe(true);
    for (const entry of second.kept) {
      expect(table.stdout).toContain(`test/json.test.ts > ${entry.name}`);
      expect(table.stdout).toContain(entry.path);
    }
    expect(table.stdout).toContain(`3 kept dirs in 2 runs under ${scratch.root}`);

    // TEMP_FIXTURES_ROOT (set for this test) is the default root, as for the engine.
    const json = cli(['ls', '--json']);
    expect(json.status).toBe(0);
    const parsed = JSON.parse(json.stdout) as LsJson;
    expect(parsed.version).toBe(1);
    expect(parsed.root).toBe(scratch.root);
    expect(parsed.kept.map((k) => [k.run, k.file, k.name, k.path, k.reason, k.attempt])).toEqual([
      ['run-1', 'test/child.test.ts', 'csv parser > reads CRLF', first.kept[0]!.path, 'failed', 0],
      ...second.kept.map((k) => ['run-2', 'test/json.test.ts', k.name, k.path, 'failed', 0]),
    ]);
    expect(parsed.kept.every((k) => k.exists && !k.live)).toBe(true);
    expect(Number.isNaN(Date.parse(parsed.kept[0]!.keptAt))).toBe(false);
    // The same answer in-process.
    expect(JSON.parse(cliInProcess(['ls', '--json']).stdout)).toEqual(parsed);
  });

  it('exits 1 with a message when nothing is kept or the root does not exist', async () => {
    const missing = cli(['ls', '--root', scratch.root]);
    expect(missing).toMatchObject({ status: 1, stdout: '' });
    expect(missing.stderr).toContain(`${scratch.root} does not exist`);
    expect(fs.existsSync(scratch.root)).toBe(false);

    await ownRun([pass('only passes')]);
    const empty = cli(['ls']);
    expect(empty).toMatchObject({ status: 1, stdout: '' });
    expect(empty.stderr).toContain(`no kept dirs in ${scratch.root}`);
    const json = cli(['ls', '--json']);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ version: 1, root: scratch.root, kept: [] });
  });

  it('refuses a root that fails the engine checks (exit 2)', () => {
    fs.mkdirSync(scratch.root, { mode: 0o700 });
    fs.chmodSync(scratch.root, 0o777);
    const result = cli(['ls', '--root', scratch.root]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('writable by group or others');
  });
});

describe('path', () => {
  it('prints the newest kept dir whose test name or file contains the text, ignoring case', async () => {
    const older = await ownRun([fail(['csv parser', 'reads CRLF'])]);
    const json = await ownRun([fail(['json', 'parses'], '/project/test/json.test.ts')]);
    const newer = await ownRun([fail(['csv parser', 'reads CRLF'])]);

    const found = cli(['path', 'crlf']);
    expect(found).toEqual({ status: 0, stdout: `${newer.kept[0]!.path}\n`, stderr: '' });
    expect(found.stdout).not.toContain(older.kept[0]!.path);
    // Matches the file too.
    expect(cli(['path', 'JSON.TEST']).stdout).toBe(`${json.kept[0]!.path}\n`);
    // Usable with cd: the dir is there and holds what the test wrote.
    expect(fs.readFileSync(path.join(found.stdout.trim(), 'input.txt'), 'utf8')).toBe('input.txt');
    expect(cliInProcess(['path', 'crlf'])).toEqual(found);
  });

  it('exits 1 with a message on stderr and nothing on stdout when nothing matches', async () => {
    await ownRun([fail(['csv parser', 'reads CRLF'])]);
    const result = cli(['path', 'yaml']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("no kept dir matches 'yaml'");
    expect(result.stderr).toContain('test/child.test.ts > csv parser > reads CRLF');
    expect(cli(['path', 'csv', '--root', path.join(scratch.dir, 'nowhere')]).status).toBe(1);
  });

  it('skips a kept dir that was removed by hand', async () => {
    const first = await ownRun([fail(['csv', 'one'])]);
    const second = await ownRun([fail(['csv', 'two'])]);
    fs.rmSync(second.kept[0]!.path, { recursive: true });
    expect(cli(['path', 'csv']).stdout).toBe(`${first.kept[0]!.path}\n`);
    expect(cli(['ls']).stdout).toContain(`${second.kept[0]!.path} (missing)`);
  });
});

describe('clean', () => {
  it('removes finished runs, never a live run, and never a foreign file in the root or a run dir', async () => {
    const live = await startChild({
      ownRun: true,
      options: { keep: 'failed' },
      tests: [fail(['live', 'kept while running']), { titlePath: ['live', 'in progress'] }],
      after: 'hang',
    });
    try {
      const liveResult = await live.result;
      const a = await ownRun([fail(['a', 'broken']), pass('a fine')]);
      const b = await ownRun([fail(['b', 'broken'])]);
      const liveRun = path.basename(liveResult.runDir!);
      const runA = a.runDir!;
      const runB = b.runDir!;
      // Foreign files: in the root, and in a run dir the engine made.
      fs.writeFileSync(path.join(scratch.root, 'notes.txt'), 'mine');
      fs.writeFileSync(path.join(runA, 'mine.txt'), 'also mine');
      const liveMarker = fs.readFileSync(path.join(liveResult.runDir!, '.run.json'), 'utf8');
      const before = runNames(scratch.root);
      expect(before).toEqual([liveRun, path.basename(runA), path.basename(runB)]);

      const dry = cli(['clean', '--dry-run']);
      expect(dry.status).toBe(0);
      expect(dry.stdout).toContain(`would leave ${liveRun}: live (pid ${liveResult.pid}`);
      expect(dry.stdout).toMatch(
        new RegExp(`would remove ${path.basename(runB)} \\(.*1 kept dir\\)`),
      );
      expect(dry.stdout).toContain(
        `would remove what temp-fixtures made in ${path.basename(runA)}`,
      );
      expect(dry.stdout).toContain("it holds 'mine.txt'");
      expect(cliInProcess(['clean', '--dry-run'])).toEqual(dry);
      // Nothing moved.
      expect(runNames(scratch.root)).toEqual(before);
      expect(fs.existsSync(a.kept[0]!.path) && fs.existsSync(b.kept[0]!.path)).toBe(true);

      const result = cli(['clean']);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`removed ${path.basename(runB)}`);
      expect(result.stdout).toContain(`left ${liveRun}: live`);
      expect(result.stdout).toContain(`left ${path.basename(runA)}: it holds 1 entry`);
      expect(fs.existsSync(runB)).toBe(false);
      expect(fs.existsSync(b.kept[0]!.path)).toBe(false);
      // `current` named run B, the newest: it now names the newest run left.
      const current = () => fs.readFileSync(path.join(scratch.root, 'current'), 'utf8').trim();
      expect(current()).toBe(path.basename(runA));
      // Run A: everything the engine made is gone, the foreign file and its dir stay.
      expect(ls(runA)).toEqual(['mine.txt']);
      expect(fs.readFileSync(path.join(runA, 'mine.txt'), 'utf8')).toBe('also mine');
      expect(fs.readFileSync(path.join(scratch.root, 'notes.txt'), 'utf8')).toBe('mine');
      // The live run is untouched: its dirs, its marker, its kept.json.
      for (const dir of liveResult.dirs) expect(fs.existsSync(dir)).toBe(true);
      expect(fs.readFileSync(path.join(liveResult.runDir!, '.run.json'), 'utf8')).toBe(liveMarker);
      expect(JSON.parse(cli(['ls', '--json']).stdout).kept).toMatchObject([
        { run: liveRun, path: liveResult.kept[0]!.path, live: true },
      ]);
    } finally {
      await killChild(live);
    }

    // Its owner gone, the run is finished and removed like any other (in-process this time).
    const after = cliInProcess(['clean']);
    expect(after.status).toBe(0);
    expect(after.stdout).toMatch(/removed run-1 \(owner gone \(pid \d+\), 1 kept dir\)/);
    expect(runNames(scratch.root)).toEqual(['run-2']); // Run A, held by the foreign file.
    expect(ls(path.join(scratch.root, 'run-2'))).toEqual(['mine.txt']);
    expect(ls(scratch.root)).toContain('notes.txt');
    expect(cli(['ls']).status).toBe(1);
  });

  it('reports nothing to clean for a missing root and does not create it', () => {
    const result = cli(['clean', '--root', scratch.root]);
    expect(result).toEqual({
      status: 0,
      stdout: `nothing to clean: ${scratch.root} does not exist\n`,
      stderr: '',
    });
    expect(fs.existsSync(scratch.root)).toBe(false);
  });

  it('refuses (exit 2) a root temp-fixtures did not make, or an unsafe one, touching nothing', async () => {
    const foreign = path.join(scratch.dir, 'artifacts');
    fs.mkdirSync(foreign, { mode: 0o700 });
    fs.writeFileSync(path.join(foreign, 'report.xml'), '<x/>');
    fs.mkdirSync(path.join(foreign, 'run-1'));
    for (const args of [['clean'], ['clean', '--dry-run']]) {
      const result = cli([...args, '--root', foreign]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("'report.xml'");
      expect(result.stderr).toContain('.temp-fixtures-root');
    }
    expect(ls(foreign)).toEqual(['report.xml', 'run-1']);

    await ownRun([fail(['x', 'y'])]);
    fs.chmodSync(scratch.root, 0o770);
    const unsafe = cli(['clean']);
    expect(unsafe.status).toBe(2);
    expect(unsafe.stderr).toContain('writable by group or others');
    expect(runNames(scratch.root)).toEqual(['run-1']);
  });
});

describe('merge', () => {
  /** Runs a shard's tests into its own root, as a CI machine would. */
  async function shard(root: string, tests: ChildTest[]) {
    return ownRun(tests, { TEMP_FIXTURES_ROOT: root, KEEP_TMP: '1' });
  }

  it('indexes the kept dirs of 3 roots, paths pointing into the given roots', async () => {
    const ci = path.join(scratch.dir, 'ci');
    const roots = [1, 2, 3].map((i) => path.join(ci, `shard-${i}`, 'temp-fixtures'));
    const results = [
      await shard(roots[0]!, [
        fail(['csv', 'reads CRLF'], '/project/test/csv.test.ts'),
        pass('ok'),
      ]),
      await shard(roots[1]!, [pass('all fine')]),
      await shard(roots[2]!, [
        fail(['json', 'nested'], '/project/test/json.test.ts'),
        fail(['json', 'parses'], '/project/test/json.test.ts'),
      ]),
    ];
    // As downloaded artifacts: copied elsewhere, without hidden files and modes.
    const downloaded = path.join(scratch.dir, 'downloaded');
    roots.forEach((root, i) => {
      fs.cpSync(root, path.join(downloaded, `shard-${i + 1}`, 'temp-fixtures'), {
        recursive: true,
        filter: (src) => !path.basename(src).startsWith('.') && path.basename(src) !== 'current',
      });
    });
    const given = [1, 2, 3].map((i) => `downloaded/shard-${i}/temp-fixtures`);

    const result = cli(['merge', ...given, '--out', 'report']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const index = JSON.parse(
      fs.readFileSync(path.join(scratch.dir, 'report', 'kept.json'), 'utf8'),
    );
    const local = (i: number, p: string) =>
      path.join(downloaded, `shard-${i}`, 'temp-fixtures', path.relative(roots[i - 1]!, p));
    expect(index).toEqual({
      version: 1,
      kept: [
        {
          shard: 'shard-1',
          file: 'test/csv.test.ts',
          name: 'csv > reads CRLF',
          path: local(1, results[0]!.kept[0]!.path),
          reason: 'failed',
          attempt: 0,
        },
        ...results[2]!.kept.map((k) => ({
          shard: 'shard-3',
          file: 'test/json.test.ts',
          name: k.name,
          path: local(3, k.path),
          reason: 'failed',
          attempt: 0,
        })),
      ],
    });
    for (const entry of index.kept) {
      expect(fs.readFileSync(path.join(entry.path, 'input.txt'), 'utf8')).toBe('input.txt');
    }
    expect(result.stdout).toMatch(/^SHARD\s+TEST\s+REASON\s+PATH\n/);
    expect(result.stdout).toMatch(/shard-1\s+test\/csv\.test\.ts > csv > reads CRLF\s+failed\s+\//);
    expect(result.stdout).toContain('3 kept dirs from 2 shards of 3 roots');

    const json = cli(['merge', ...given, '--json']);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(index);
    expect(cliInProcess(['merge', ...given, '--json'])).toEqual(json);
  });

  it('names a missing or invalid root and exits 2', async () => {
    const good = path.join(scratch.dir, 'ci', 'shard-1', 'temp-fixtures');
    await shard(good, [fail(['a', 'b'])]);
    const missing = cli([
      'merge',
      'ci/shard-1/temp-fixtures',
      'ci/shard-9/temp-fixtures',
      '--json',
    ]);
    expect(missing).toMatchObject({ status: 2, stdout: '' });
    expect(missing.stderr).toContain("root 'ci/shard-9/temp-fixtures' does not exist");

    const parent = cli(['merge', 'ci/shard-1', '--out', 'report']);
    expect(parent.status).toBe(2);
    expect(parent.stderr).toContain("'ci/shard-1' is not a temp-fixtures root");
    expect(parent.stderr).toContain("did you mean 'ci/shard-1/temp-fixtures'?");
    // Two levels up, as CI artifacts download (artifacts/<shard>/temp-fixtures): the roots, not the shard folders.
    fs.mkdirSync(path.join(scratch.dir, 'ci', 'shard-2'));
    const grandparent = cli(['merge', 'ci', '--out', 'report']);
    expect(grandparent.status).toBe(2);
    expect(grandparent.stderr).toContain("did you mean 'ci/shard-1/temp-fixtures'?");
    expect(fs.existsSync(path.join(scratch.dir, 'report'))).toBe(false);

    fs.writeFileSync(path.join(scratch.dir, 'file'), '');
    expect(cli(['merge', 'file', '--json']).stderr).toContain("root 'file' is not a directory");
    expect(cli(['merge', 'ci/shard-1/temp-fixtures', good, '--json']).stderr).toContain(
      'is given twice',
    );
  });

  it('exits 1 when the roots hold no kept dir, still writing the (empty) index', async () => {
    const root = path.join(scratch.dir, 'only');
    await shard(root, [pass('fine')]);
    const result = cli(['merge', root, '--out', 'report']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no kept dirs in the 1 root');
    expect(
      JSON.parse(fs.readFileSync(path.join(scratch.dir, 'report', 'kept.json'), 'utf8')),
    ).toEqual({ version: 1, kept: [] });
  });
});

describe('merge never writes into what it reads', () => {
  /** One line on stderr, exit 2, nothing on stdout, no stack trace. */
  function expectRefused(result: CliResult, says: string): void {
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toContain(says);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  }

  it('refuses an --out inside a root, holding a root, not empty, a link or not creatable; the roots unchanged', async () => {
    const root = path.join(scratch.dir, 'ci', 'shard-1');
    const run = await ownRun([fail(['csv', 'reads CRLF'])], { TEMP_FIXTURES_ROOT: root });
    const before = snapshotTree(root);
    const index = path.join(scratch.dir, 'index');
    fs.mkdirSync(index);
    fs.writeFileSync(path.join(index, 'kept.json'), 'an earlier index');
    fs.writeFileSync(path.join(scratch.dir, 'file'), '');
    fs.mkdirSync(path.join(scratch.dir, 'empty'));
    fs.symlinkSync(path.join(scratch.dir, 'empty'), path.join(scratch.dir, 'link'));

    const inside = `ci/shard-1/${path.basename(run.runDir!)}`;
    expectRefused(cli(['merge', 'ci/shard-1', '--out', inside]), `is inside the root 'ci/shard-1'`);
    expectRefused(cli(['merge', 'ci/shard-1', '--out', 'ci/shard-1']), `is the root 'ci/shard-1'`);
    expectRefused(cli(['merge', 'ci/shard-1', '--out', 'ci']), `holds the root 'ci/shard-1'`);
    expectRefused(cli(['merge', 'ci/shard-1', '--out', 'index']), `'index' is not empty`);
    expectRefused(cli(['merge', 'ci/shard-1', '--out', 'link']), `'link' is a link`);
    expectRefused(cli(['merge', 'ci/shard-1', '--out', 'file/sub']), `'file' is not a directory`);
    if (procFs) {
      // procfs answers ENOENT to mkdir: Node's recursive mkdir retried it for ever.
      expectRefused(cli(['merge', 'ci/shard-1', '--out', '/proc/x']), `cannot create '/proc/x'`);
    }
    expect(snapshotTree(root)).toEqual(before);
    expect(fs.readFileSync(path.join(index, 'kept.json'), 'utf8')).toBe('an earlier index');
    expect(ls(path.join(scratch.dir, 'empty'))).toEqual([]);

    // An empty dir or a new path below missing parents is fine.
    expect(cli(['merge', 'ci/shard-1', '--out', 'empty']).status).toBe(0);
    expect(cli(['merge', 'ci/shard-1', '--out', 'new/deeper']).status).toBe(0);
    expect(ls(path.join(scratch.dir, 'new', 'deeper'))).toEqual(['kept.json']);
    expect(fs.statSync(path.join(scratch.dir, 'new', 'deeper')).mode & 0o777).toBe(0o700);
    expect(snapshotTree(root)).toEqual(before);
  });
});

describe('reading commands stay inside the root', () => {
  it('ls --json and path do not follow a per-file folder replaced by a link out of the root', async () => {
    const run = await ownRun([fail(['csv', 'reads CRLF'])], { TEMP_FIXTURES_ROOT: scratch.root });
    const kept = run.kept[0]!.path;
    const folder = path.dirname(kept);
    const elsewhere = path.join(scratch.dir, 'elsewhere');
    fs.renameSync(folder, elsewhere);
    fs.symlinkSync(elsewhere, folder);
    expect(fs.existsSync(kept)).toBe(true); // Through the link.

    const json = cli(['ls', '--json', '--root', scratch.root]);
    expect(json.status).toBe(0);
    expect((JSON.parse(json.stdout) as LsJson).kept).toMatchObject([{ path: kept, exists: false }]);
    const found = cli(['path', 'csv', '--root', scratch.root]);
    expect(found).toMatchObject({ status: 1, stdout: '' });
  });
});

describe('clean writes nothing into a folder it did not make', () => {
  it('an empty folder of the user given as --root stays empty', () => {
    const folder = path.join(scratch.dir, 'mine');
    fs.mkdirSync(folder, { mode: 0o700 });
    const result = cli(['clean', '--root', folder]);
    expect(result).toMatchObject({ status: 0, stdout: `nothing to clean in ${folder}\n` });
    expect(ls(folder)).toEqual([]);
  });
});

describe('planted records', () => {
  it('a FIFO as kept.json or .run.json, or kept.json linked to /dev/zero, never stalls ls, merge or clean', async () => {
    const root = path.join(scratch.dir, 'planted');
    const first = await ownRun([fail(['csv', 'reads CRLF'])], { TEMP_FIXTURES_ROOT: root });
    const second = await ownRun([fail(['csv', 'reads LF'])], { TEMP_FIXTURES_ROOT: root });
    const fifo = (file: string) => {
      fs.rmSync(file, { force: true });
      expect(spawnSync('mkfifo', [file]).status).toBe(0);
    };
    fifo(path.join(first.runDir!, 'kept.json'));
    fifo(path.join(second.runDir!, '.run.json'));
    fs.rmSync(path.join(second.runDir!, 'kept.json'));
    fs.symlinkSync('/dev/zero', path.join(second.runDir!, 'kept.json'));
    // spawnSync's 20 s timeout throws (and fails the test) if a command hangs.
    for (const args of [
      ['ls', '--root', root],
      ['merge', root, '--out', 'report'],
    ]) {
      const result = cli(args);
      expect(result.status, `${args[0]}: ${result.stderr}`).not.toBeNull();
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
      // What was skipped is said, with why.
      const skipped = (file: string, why: string) => `temp-fixtures: skipped ${file}: ${why}`;
      expect(result.stderr).toContain(
        skipped(path.join(first.runDir!, 'kept.json'), 'it is not a regular file'),
      );
      expect(result.stderr).toContain(
        skipped(path.join(second.runDir!, '.run.json'), 'it is not a regular file'),
      );
      expect(result.stderr).toContain(
        skipped(
          path.join(second.runDir!, 'kept.json'),
          'it is a link (records are never followed)',
        ),
      );
    }
    expect(fs.statSync(path.join(scratch.dir, 'report', 'kept.json')).size).toBeLessThan(1 << 20);
    const clean = cli(['clean', '--root', root]);
    expect(clean.status, clean.stderr).not.toBeNull();
    expect(clean.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

hostileKeptJson(cli, scratch, 2_000);

describe('--version', () => {
  it('prints the package version and exits 0', () => {
    for (const flag of ['--version', '-v']) {
      expect(cli([flag])).toEqual({ status: 0, stdout: `${PACKAGE_VERSION}\n`, stderr: '' });
    }
    expect(PACKAGE_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('usage', () => {
  it('prints help globally and per command (exit 0), and usage errors exit 2', () => {
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['ls', 'path <text>', 'clean', 'merge <root...> --out <dir>']) {
      expect(help.stdout).toContain(command);
    }
    for (const command of ['ls', 'path', 'clean', 'merge']) {
      const own = cli([command, '--help']);
      expect(own.status).toBe(0);
      expect(own.stdout).toContain(`Usage: temp-fixtures ${command}`);
      expect(own.stdout).toContain('--root <dir>');
      expect(cliInProcess(['help', command])).toEqual(own);
    }
    expect(cli([]).status).toBe(2);

    const errors: Array<[string[], string]> = [
      [['frob'], "unknown command 'frob' (commands: ls, path, clean, merge"],
      [['ls', '--all'], "ls: unknown option '--all' (accepted: --root <dir>, --json, --help)"],
      [['ls', 'extra'], "ls: unexpected argument 'extra'"],
      [['--root', 'x', 'ls'], "'--root' before the command"],
      [['path'], 'path: give the text to look for'],
      [['path', ' '], 'path: the text to look for is empty'],
      [['path', 'a', 'b'], "path: unexpected argument 'b'"],
      [['ls', '--root'], "ls: Option '--root <value>' argument missing"],
      [['ls', '--root='], 'ls: --root needs a directory'],
      [['clean', '--force'], "clean: unknown option '--force' (accepted: --root <dir>, --dry-run"],
      [['merge', '--out', 'x'], 'merge: give at least one root'],
      [['merge', 'a'], 'merge: give --out <dir>'],
      [['merge', 'a', '--out='], 'merge: --out needs a directory'],
      [['help', 'frob'], "no command 'frob'"],
    ];
    for (const [args, message] of errors) {
      const result = cliInProcess(args);
      expect({ args, status: result.status, stdout: result.stdout }).toEqual({
        args,
        status: 2,
        stdout: '',
      });
      expect(result.stderr).toContain(message);
    }
    expect(cli(['ls', '--nope']).stderr).toBe(
      "temp-fixtures: ls: unknown option '--nope' (accepted: --root <dir>, --json, --help)\n",
    );
  });

  it('formats ages', () => {
    expect([0, 59_999, 60_000, 3_599_999, 3_600_000, 172_800_000, -5].map(formatAge)).toEqual([
      '0s',
      '59s',
      '1m',
      '59m',
      '1h',
      '2d',
      '0s',
    ]);
  });
});

describe('in-process (main(), the code the binary runs)', () => {
  it('answers ls, path, clean and merge as the binary does', async () => {
    const many = await ownRun(
      ['one', 'two', 'three', 'four', 'five', 'six'].map((t) => fail(['many', t])),
    );
    const retried = await runChild(
      {
        ownRun: true,
        options: { keep: 'failed' },
        tests: [{ ...fail(['flaky', 'retried']), attempt: 1 }],
        after: 'exit',
      },
      {},
    );
    fs.rmSync(many.kept[0]!.path, { recursive: true });

    const table = cliInProcess(['ls', '--root', scratch.root]);
    expect(table.status).toBe(0);
    expect(table.stdout).toContain(`${many.kept[0]!.path} (missing)`);
    expect(table.stdout).toContain('test/child.test.ts > flaky > retried (retry 1)');
    expect(table.stdout).toContain('7 kept dirs in 2 runs');
    expect(cli(['ls']).stdout.split('\n')[0]).toBe(table.stdout.split('\n')[0]);

    const none = cliInProcess(['path', 'nothing like it']);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('... and 1 more');
    expect(cliInProcess(['path', 'RETRIED']).stdout).toBe(`${retried.kept[0]!.path}\n`);

    const merged = cliInProcess(['merge', 'root', '--root', scratch.root, '--out', 'out']);
    expect(merged.status).toBe(2);
    expect(merged.stderr).toContain(`root '${scratch.root}' is given twice (also as 'root')`);
    const out = cliInProcess(['merge', scratch.root, '--out', 'out']);
    expect(out.status).toBe(0);
    expect(out.stderr).toContain(`kept dir not found on disk: ${many.kept[0]!.path}`);
    expect(out.stdout).toContain(
      `7 kept dirs from 1 shard of 1 root; index: ${scratch.dir}/out/kept.json`,
    );
    expect(
      JSON.parse(fs.readFileSync(path.join(scratch.dir, 'out', 'kept.json'), 'utf8')).kept[0].shard,
    ).toBe(scratch.root);
    fs.writeFileSync(path.join(scratch.dir, 'not-a-dir'), '');
    expect(cliInProcess(['merge', scratch.root, '--out', 'not-a-dir']).stderr).toContain(
      "--out 'not-a-dir' is not a directory",
    );

    const cleaned = cliInProcess(['clean']);
    expect(cleaned.status).toBe(0);
    expect(cleaned.stdout).toContain('2 runs removed (7 kept dirs), 0 runs left');
    expect(cliInProcess(['clean']).stdout).toBe(`nothing to clean in ${scratch.root}\n`);
    expect(cliInProcess(['clean', '--dry-run']).stdout).toBe(
      `nothing to clean in ${scratch.root}\n`,
    );
    expect(cliInProcess(['ls']).stderr).toContain(`no kept dirs in ${scratch.root}`);
  });

  it('leaves a run-<N> dir without the engine marker alone (in-process)', async () => {
    await ownRun([pass('fine')]);
    const planted = path.join(scratch.root, 'run-50');
    fs.mkdirSync(planted, { mode: 0o700 });
    fs.writeFileSync(path.join(planted, 'important.txt'), 'keep me');
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(planted, old, old);
    const fresh = path.join(scratch.root, 'run-51');
    fs.mkdirSync(fresh, { mode: 0o700 });
    const dry = cliInProcess(['clean', '--dry-run']);
    expect(dry.stdout).toContain('would remove run-1 (owner gone');
    expect(dry.stdout).toContain('would leave run-50: no .run.json marker');
    expect(dry.stdout).toContain('would leave run-51: being created (no marker yet)');
    const result = cliInProcess(['clean']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('left run-50: no .run.json marker');
    expect(runNames(scratch.root)).toEqual(['run-50', 'run-51']);
    expect(fs.readFileSync(path.join(planted, 'important.txt'), 'utf8')).toBe('keep me');
  });

  it('prints the global help on stdout for --help and on stderr (exit 2) without a command', () => {
    expect(cliInProcess(['-h'])).toMatchObject({ status: 0, stderr: '' });
    expect(cliInProcess(['help']).stdout).toBe(cliInProcess(['--help']).stdout);
    const bare = cliInProcess([]);
    expect(bare).toMatchObject({ status: 2, stdout: '' });
    expect(bare.stderr).toContain('Usage: temp-fixtures <command> [options]');
    const io = processIo();
    expect(io.cwd).toBe(process.cwd());
    expect(typeof io.now()).toBe('number');
  });

  it('relocates recorded paths into the root read, and names shards by what differs', () => {
    expect(relocate('/r/run-1', '/ci/work/root/run-1/test__a.test.ts/a-12345678')).toBe(
      path.join('/r/run-1', 'test__a.test.ts', 'a-12345678'),
    );
    expect(relocate('/r/run-1', 'C:\\ci\\root\\run-1\\f\\t-12345678')).toBe(
      path.join('/r/run-1', 'f', 't-12345678'),
    );
    expect(relocate('/r/run-1', '/a/..')).toBeUndefined();
    expect(relocate('/r/run-1', 'x')).toBeUndefined();
    expect(shardLabels(['s/a/tf', 's/b/tf', 's/c/tf'])).toEqual(['a', 'b', 'c']);
    expect(shardLabels(['s/a/x/tf', 's/b/y/tf'])).toEqual(['a/x', 'b/y']);
    expect(shardLabels(['only/root/'])).toEqual(['only/root']);
    expect(shardLabels(['a/tf', 'a/tf/sub'])).toEqual(['a/tf', 'a/tf/sub']);
  });
});
