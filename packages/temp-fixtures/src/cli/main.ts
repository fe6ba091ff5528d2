/**
 * The `temp-fixtures` command line: `ls`, `path`, `clean` and `merge` over
 * the roots the fixture engine keeps test dirs in. Arguments are parsed with
 * `node:util` `parseArgs` (strict: unknown options are errors). Exit codes:
 * 0 ok, 1 nothing found (or `clean` could not do all it should), 2 usage or
 * bad input.
 */

import type { Stats } from 'node:fs';
import { parseArgs } from 'node:util';
import { fs, path } from '../builtins.js';
import { writeFileAtomic } from '../fixture/files.js';
import { KEPT_JSON } from '../fixture/kept-store.js';
import { checkRoot, ROOT_ENV, ROOT_MARKER, resolveRootPath } from '../fixture/root.js';
import { rootSetting } from '../fixture/settings.js';
import {
  type CleanStep,
  checkReadableRoot,
  checkShardRoot,
  clean,
  type FoundKept,
  foreignRootEntries,
  holdsRuns,
  InputError,
  keptInRoot,
  type MergedEntry,
  type MergedFile,
  mergeRoots,
  planClean,
  type ShardRoot,
  skippedRecords,
} from './inventory.js';

/** Where the CLI writes and what it reads from its surroundings (tests pass their own). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The environment (`TEMP_FIXTURES_ROOT`). */
  env: NodeJS.ProcessEnv;
  /** The working directory relative paths are resolved against. */
  cwd: string;
  /** The current time (ms), for ages. */
  now(): number;
  /** What `--version` prints. */
  version?: string;
}

/** The process's own streams, environment and clock. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    now: () => Date.now(),
  };
}

/** Exit codes. */
const EXIT_OK = 0;
const EXIT_NOTHING = 1;
const EXIT_USAGE = 2;

const ROOT_HELP = `  --root <dir>   the root (default: $${ROOT_ENV}, else <tmpdir>/temp-fixtures-<user>)`;

const MAIN_HELP = `temp-fixtures: the temp dirs kept by temp-fixtures' per-test fixtures

Usage: temp-fixtures <command> [options]

Commands:
  ls                            list the kept dirs of the retained runs
  path <text>                   print the path of the newest kept dir whose test matches <text>
  clean                         remove finished runs, kept dirs included (live runs stay)
  merge <root...> --out <dir>   one index over the roots of several shards (CI artifacts)
  help [command]                show help

Options of every command:
${ROOT_HELP}
  -h, --help     show the command's help

  -v, --version  print the version of temp-fixtures

Exit codes: 0 ok, 1 nothing found, 2 usage or bad input.
Run 'temp-fixtures <command> --help' for a command's options.
`;

interface Command {
  usage: string;
  help: string;
  options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
  /** Accepted options as shown in errors. */
  accepted: string;
  run(values: Record<string, unknown>, positionals: string[], io: CliIo): number;
}

const COMMANDS: Record<string, Command> = {
  ls: {
    usage: 'temp-fixtures ls [--root <dir>] [--json]',
    help: `List the kept dirs of the retained runs: run, test (file > name), reason, age, path.

Options:
${ROOT_HELP}
  --json         print { version: 1, root, kept: [{ run, file, name, path, reason, attempt,
                 keptAt, exists, live }] } instead of the table
  -h, --help     show this help

Exits 1 when nothing is kept.`,
    options: { root: { type: 'string' }, json: { type: 'boolean' } },
    accepted: '--root <dir>, --json, --help',
    run: runLs,
  },
  path: {
    usage: 'temp-fixtures path <text> [--root <dir>]',
    help: `Print the path of the newest kept dir whose test ("<file> > <name>") contains <text>,
ignoring case:  cd "$(npx temp-fixtures path csv)"

Options:
${ROOT_HELP}
  -h, --help     show this help

Exits 1, with a message on stderr, when no kept dir matches.`,
    options: { root: { type: 'string' } },
    accepted: '--root <dir>, --help',
    run: runPath,
  },
  clean: {
    usage: 'temp-fixtures clean [--root <dir>] [--dry-run]',
    help: `Remove the finished runs of the root, their kept dirs included. A run whose process died
is finished first. Live runs are left alone, and so is anything temp-fixtures cannot prove it
created (a file you dropped into the root or a run dir stays, and so does the dir holding it).
A root that is missing has nothing to clean; one that is unsafe or not temp-fixtures' is refused.

Options:
${ROOT_HELP}
  --dry-run      list what would be removed and what would stay; remove nothing
  -h, --help     show this help`,
    options: { root: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    accepted: '--root <dir>, --dry-run, --help',
    run: runClean,
  },
  merge: {
    usage: 'temp-fixtures merge <root...> --out <dir> [--json]',
    help: `Merge the kept dirs of several roots (e.g. the CI artifacts of N shards) into one index,
<out>/kept.json: { version: 1, kept: [{ shard, file, name, path, reason, attempt }] }, and print
it as a table. "shard" names the root (the part of its path that differs from the others');
"path" points into the given root, wherever the tests ran.

Options:
  --out <dir>    where to write kept.json: a new or empty directory, none of the roots, not
                 inside or around one (created if missing)
  --json         print the index as JSON on stdout instead of the table (--out is then optional)
  --root <dir>   one more root (repeatable), as an alternative to the positional ones
  -h, --help     show this help

Exits 1 when the roots hold no kept dir, 2 when a root is missing or not a temp-fixtures root.`,
    options: {
      root: { type: 'string', multiple: true },
      out: { type: 'string' },
      json: { type: 'boolean' },
    },
    accepted: '--out <dir>, --json, --root <dir>, --help',
    run: runMerge,
  },
};

const COMMAND_NAMES = Object.keys(COMMANDS).join(', ');

/** Runs the command line `argv` (without `node` and the script) and returns the exit code. */
export function main(argv: readonly string[], io: CliIo = processIo()): number {
  try {
    return dispatch(argv, io);
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`temp-fixtures: ${error.message}\n`);
      return EXIT_USAGE;
    }
    // A system error (a path that cannot be read or made): one line, no stack trace.
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string') throw error;
    io.stderr(`temp-fixtures: ${(error as Error).message.split('\n')[0]}\n`);
    return EXIT_USAGE;
  }
}

function dispatch(argv: readonly string[], io: CliIo): number {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    io.stdout(`${io.version ?? 'unknown'}\n`);
    return EXIT_OK;
  }
  if (name === undefined || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout)(MAIN_HELP);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      io.stdout(MAIN_HELP);
      return EXIT_OK;
    }
    const command = COMMANDS[topic];
    if (!Object.hasOwn(COMMANDS, topic) || command === undefined) {
      throw new InputError(`no command '${topic}' (commands: ${COMMAND_NAMES})`);
    }
    io.stdout(commandHelp(command));
    return EXIT_OK;
  }
  if (name.startsWith('-')) {
    throw new InputError(
      `'${name}' before the command: write 'temp-fixtures <command> [options]' (commands: ${COMMAND_NAMES})`,
    );
  }
  const command = COMMANDS[name];
  if (!Object.hasOwn(COMMANDS, name) || command === undefined) {
    throw new InputError(
      `unknown command '${name}' (commands: ${COMMAND_NAMES}; see 'temp-fixtures --help')`,
    );
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new InputError(`${name}: ${parseError(error as Error & { code?: string }, command)}`);
  }
  if (parsed.values.help) {
    io.stdout(commandHelp(command));
    return EXIT_OK;
  }
  return command.run(parsed.values, parsed.positionals, io);
}

function commandHelp(command: Command): string {
  return `Usage: ${command.usage}\n\n${command.help}\n`;
}

function parseError(error: Error & { code?: string }, command: Command): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1];
  const usage = `usage: ${command.usage}`;
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${quoted}' (accepted: ${command.accepted})`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${quoted}'; ${usage}`;
    default:
      return `${error.message.replace(/\.$/, '')}; ${usage}`;
  }
}

function usageError(command: string, message: string): InputError {
  const { usage } = COMMANDS[command]!;
  return new InputError(`${command}: ${message}; usage: ${usage}`);
}

/** `--root` if given (relative to the working dir), else the engine's root. */
function rootOf(values: Record<string, unknown>, command: string, io: CliIo): string {
  const given = values.root as string | undefined;
  if (given === undefined) {
    const fromEnv = rootSetting(undefined, io.env);
    if (fromEnv !== undefined) return path.resolve(io.cwd, fromEnv);
    return resolveRootPath(undefined, io.env);
  }
  if (given === '') throw usageError(command, '--root needs a directory, got an empty string');
  return path.resolve(io.cwd, given);
}

function expectPositionals(command: string, positionals: string[], count: number): void {
  if (positionals.length > count) {
    const extra = positionals[count]!;
    throw usageError(command, `unexpected argument '${extra}'`);
  }
}

/**
 * A cell as a terminal may show it: control characters (escape sequences
 * that clear the screen, set the title or forge lines, in names read from a
 * downloaded `kept.json`) become visible `\xNN` escapes.
 */
function printable(cell: string): string {
  return cell.replace(
    /[^\x20-\x7e\u00a0-\u{10ffff}]/gu,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** Pads the columns of `rows` (the last one is not padded), every cell made printable. */
function table(input: string[][]): string {
  const rows = input.map((row) => row.map(printable));
  // A loop, not Math.max(...): a spread of 200,000 lengths overflows the stack.
  const widths = rows[0]!.map((_, i) => rows.reduce((w, row) => Math.max(w, row[i]!.length), 0));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

function testLabel(entry: { file: string; name: string; attempt: number }): string {
  const retry = entry.attempt > 0 ? ` (retry ${entry.attempt})` : '';
  return `${entry.file} > ${entry.name}${retry}`;
}

/** A short age: `45s`, `12m`, `5h`, `3d`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The kept dirs of a root for reading commands; records skipped unread are said on stderr. */
function readRoot(root: string, io: CliIo): FoundKept[] {
  if (checkReadableRoot(root) === 'missing') return [];
  for (const line of skippedRecords(root)) io.stderr(`${printable(line)}\n`);
  return keptInRoot(root);
}

function nothingKept(root: string): string {
  return fs.existsSync(root)
    ? `temp-fixtures: no kept dirs in ${root}\n`
    : `temp-fixtures: no kept dirs: ${root} does not exist (no run used it yet)\n`;
}

function runLs(values: Record<string, unknown>, positionals: string[], io: CliIo): number {
  expectPositionals('ls', positionals, 0);
  const root = rootOf(values, 'ls', io);
  const kept = readRoot(root, io);
  if (values.json) {
    const json = {
      version: 1,
      root,
      kept: kept.map((k) => ({
        run: k.run,
        file: k.file,
        name: k.name,
        path: k.path,
        reason: k.reason,
        attempt: k.attempt,
        keptAt: new Date(k.keptAt).toISOString(),
        exists: k.exists,
        live: k.live,
      })),
    };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    if (kept.length === 0) io.stderr(nothingKept(root));
    return kept.length === 0 ? EXIT_NOTHING : EXIT_OK;
  }
  if (kept.length === 0) {
    io.stderr(nothingKept(root));
    return EXIT_NOTHING;
  }
  const now = io.now();
  const rows = [['RUN', 'TEST', 'REASON', 'AGE', 'PATH']];
  for (const k of kept) {
    const notes = [k.live ? ' (run still live)' : '', k.exists ? '' : ' (missing)'].join('');
    rows.push([k.run, testLabel(k), k.reason, formatAge(now - k.keptAt), `${k.path}${notes}`]);
  }
  io.stdout(table(rows));
  const runs = new Set(kept.map((k) => k.run)).size;
  io.stdout(`\n${plural(kept.length, 'kept dir')} in ${plural(runs, 'run')} under ${root}\n`);
  return EXIT_OK;
}

function runPath(values: Record<string, unknown>, positionals: string[], io: CliIo): number {
  const text = positionals[0];
  if (text === undefined) throw usageError('path', 'give the text to look for');
  if (text.trim() === '') throw usageError('path', 'the text to look for is empty');
  expectPositionals('path', positionals, 1);
  const root = rootOf(values, 'path', io);
  const kept = readRoot(root, io).filter((k) => k.exists);
  const needle = text.toLowerCase();
  const matches = kept
    .filter((k) => `${k.file} > ${k.name}`.toLowerCase().includes(needle))
    .sort((a, b) => b.runNumber - a.runNumber || b.keptAt - a.keptAt);
  const newest = matches[0];
  if (newest === undefined) {
    if (kept.length === 0) {
      io.stderr(nothingKept(root));
    } else {
      const names = [...new Set(kept.map(testLabel))];
      const shown = names.slice(0, 5).map((n) => `  ${n}\n`);
      if (names.length > 5) shown.push(`  ... and ${names.length - 5} more\n`);
      io.stderr(
        `temp-fixtures: no kept dir matches '${text}' in ${root}; kept are:\n${shown.join('')}`,
      );
    }
    return EXIT_NOTHING;
  }
  io.stdout(`${newest.path}\n`);
  return EXIT_OK;
}

function describeStep(step: CleanStep, dryRun: boolean): string {
  const kept = step.kept > 0 ? `, ${plural(step.kept, 'kept dir')}` : '';
  if (step.action === 'leave')
    return `${dryRun ? 'would leave' : 'left'} ${step.run}: ${step.why}\n`;
  if (dryRun && step.foreign.length > 0) {
    return (
      `would remove what temp-fixtures made in ${step.run} (${step.why}${kept}); the dir stays: ` +
      `it holds ${step.foreign.map((f) => `'${f}'`).join(', ')}\n`
    );
  }
  return `${dryRun ? 'would remove' : 'removed'} ${step.run} (${step.why}${kept})\n`;
}

function runClean(values: Record<string, unknown>, positionals: string[], io: CliIo): number {
  expectPositionals('clean', positionals, 0);
  const root = rootOf(values, 'clean', io);
  const dryRun = values['dry-run'] === true;
  if (!fs.existsSync(root)) {
    io.stdout(`nothing to clean: ${root} does not exist\n`);
    return EXIT_OK;
  }
  try {
    checkRoot(root);
  } catch (error) {
    throw new InputError(`clean: ${(error as Error).message}`);
  }
  if (!holdsRuns(root)) {
    // Nothing of temp-fixtures' here (an empty folder): nothing is written either.
    io.stdout(`nothing to clean in ${root}\n`);
    return EXIT_OK;
  }
  const foreign = foreignRootEntries(root);
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 3).map((name) => `'${name}'`);
    if (foreign.length > 3) shown.push(`and ${foreign.length - 3} more`);
    throw new InputError(
      `clean: refusing to clean '${root}': it holds ${shown.join(', ')}, and no '${ROOT_MARKER}' ` +
        `marker says temp-fixtures made it. Pass the folder ${ROOT_ENV} pointed at (--root <dir>).`,
    );
  }
  if (dryRun) {
    const steps = planClean(root);
    if (steps.length === 0) {
      io.stdout(`nothing to clean in ${root}\n`);
      return EXIT_OK;
    }
    for (const step of steps) io.stdout(describeStep(step, true));
    return EXIT_OK;
  }
  let result: ReturnType<typeof clean>;
  try {
    result = clean(root);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_UNSAFE_ROOT' || code === 'ERR_FOREIGN_ROOT') {
      throw new InputError(`clean: ${(error as Error).message}`);
    }
    throw error;
  }
  if (result.steps.length === 0) {
    io.stdout(`nothing to clean in ${root}\n`);
  }
  for (const step of result.steps) io.stdout(describeStep(step, false));
  for (const line of result.warnings) io.stderr(`${line}\n`);
  const removed = result.steps.filter((s) => s.action === 'remove');
  const left = result.steps.length - removed.length;
  if (result.steps.length > 0) {
    const kept = removed.reduce((n, s) => n + s.kept, 0);
    io.stdout(
      `\n${plural(removed.length, 'run')} removed (${plural(kept, 'kept dir')}), ` +
        `${plural(left, 'run')} left, in ${root}\n`,
    );
  }
  return result.warnings.length > 0 ? EXIT_NOTHING : EXIT_OK;
}

function runMerge(values: Record<string, unknown>, positionals: string[], io: CliIo): number {
  const roots = [...positionals, ...((values.root as string[] | undefined) ?? [])];
  if (roots.length === 0) throw usageError('merge', 'give at least one root');
  const emptyRoot = roots.find((r) => r === '');
  if (emptyRoot !== undefined) throw usageError('merge', 'a root is an empty string');
  const out = values.out as string | undefined;
  if (out === '') throw usageError('merge', '--out needs a directory, got an empty string');
  if (out === undefined && !values.json) {
    throw usageError('merge', 'give --out <dir> for the merged kept.json (or --json to print it)');
  }
  const problems: string[] = [];
  for (const root of roots) {
    try {
      checkShardRoot(path.resolve(io.cwd, root));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(error.message.replaceAll(path.resolve(io.cwd, root), root));
    }
  }
  if (problems.length > 0) {
    throw new InputError(`merge: ${problems.join(`\ntemp-fixtures: merge: `)}`);
  }
  const shards = roots.map((given) => ({ given, dir: path.resolve(io.cwd, given) }));
  const missingOut = out === undefined ? undefined : checkOut(out, shards, io.cwd);
  for (const shard of shards) {
    for (const line of skippedRecords(shard.dir)) io.stderr(`${printable(line)}\n`);
  }
  const { entries, missing } = mergeRoots(shards);
  const merged: MergedFile = { version: 1, kept: entries };
  const text = `${JSON.stringify(merged, null, 2)}\n`;
  const outDir = out === undefined ? undefined : path.resolve(io.cwd, out);
  if (outDir !== undefined) {
    for (const dir of missingOut ?? []) {
      try {
        fs.mkdirSync(dir, 0o700);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'an error';
        throw usageError('merge', `cannot create '${dir}' for --out (${code})`);
      }
    }
    writeFileAtomic(path.join(outDir, KEPT_JSON), text);
  }
  if (values.json) io.stdout(text);
  else printMerged(entries, roots.length, outDir, io);
  for (const where of missing) io.stderr(`temp-fixtures: kept dir not found on disk: ${where}\n`);
  if (entries.length === 0) {
    io.stderr(`temp-fixtures: no kept dirs in the ${plural(roots.length, 'root')}\n`);
    return EXIT_NOTHING;
  }
  return EXIT_OK;
}

/**
 * `merge --out`: a new or empty directory, neither a root nor inside one nor
 * holding one (compared as real paths), so the index never lands in or over
 * what was read. Returns the dirs to create, outermost first.
 */
function checkOut(out: string, roots: readonly ShardRoot[], cwd: string): string[] {
  const outDir = path.resolve(cwd, out);
  const refuse = (why: string) =>
    usageError('merge', `--out '${out}' ${why}: give a new or empty directory`);
  const missing: string[] = [];
  let existing = outDir;
  for (;;) {
    let stats: Stats | undefined;
    try {
      stats = fs.lstatSync(existing);
    } catch {
      stats = undefined;
    }
    if (stats?.isSymbolicLink() && existing === outDir) throw refuse('is a link');
    if (stats !== undefined) {
      if (!fs.statSync(existing).isDirectory()) {
        if (existing === outDir) throw refuse('is not a directory');
        throw refuse(`cannot be made: '${path.relative(cwd, existing)}' is not a directory`);
      }
      break;
    }
    missing.unshift(existing);
    existing = path.dirname(existing);
  }
  const real = path.join(fs.realpathSync(existing), path.relative(existing, outDir));
  for (const root of roots) {
    const rootReal = fs.realpathSync(root.dir);
    const relation = contains(rootReal, real)
      ? real === rootReal
        ? 'is'
        : 'is inside'
      : contains(real, rootReal)
        ? 'holds'
        : undefined;
    if (relation !== undefined) throw refuse(`${relation} the root '${root.given}'`);
  }
  if (missing.length === 0) {
    const names = fs.readdirSync(outDir);
    if (names.length > 0) {
      throw refuse(
        `is not empty (it holds ${names
          .slice(0, 3)
          .map((n) => `'${n}'`)
          .join(', ')})`,
      );
    }
  }
  return missing;
}

/** Whether `inner` is `outer` or below it. */
function contains(outer: string, inner: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function printMerged(
  entries: MergedEntry[],
  rootCount: number,
  outDir: string | undefined,
  io: CliIo,
): void {
  if (entries.length > 0) {
    const rows = [['SHARD', 'TEST', 'REASON', 'PATH']];
    for (const e of entries) rows.push([e.shard, testLabel(e), e.reason, e.path]);
    io.stdout(table(rows));
  }
  const shards = new Set(entries.map((e) => e.shard)).size;
  const written = outDir === undefined ? '' : `; index: ${path.join(outDir, KEPT_JSON)}`;
  io.stdout(
    `${entries.length > 0 ? '\n' : ''}${plural(entries.length, 'kept dir')} from ` +
      `${plural(shards, 'shard')} of ${plural(rootCount, 'root')}${written}\n`,
  );
}
