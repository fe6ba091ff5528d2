/**
 * The command line as the CLI tests run it: src/cli.ts bundled with esbuild
 * (so the tests need no build) and run as a child process, over roots made
 * by running the engine in child processes; and the hostile `kept.json`
 * scenario, at two sizes (cli.test.ts and cli.stress.test.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildTest, runChild } from '../fixture/helpers/child.js';

/** What a CLI run gave. */
export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a child process (environment: this process's, plus `env`). */
export type Cli = (
  args: string[],
  options?: { env?: Record<string, string | undefined>; cwd?: string; timeout?: number },
) => CliResult;

/** Bundles the CLI before the file's tests; `cli` runs it in `scratch.dir` by default. */
export function useCli(scratch: { dir: string }): { cli: Cli; PACKAGE_VERSION: string } {
  const PACKAGE_VERSION = (
    JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;

  let bundleDir: string;
  let bundle: string;

  beforeAll(() => {
    bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-cli-'));
    bundle = path.join(bundleDir, 'cli.cjs');
    buildSync({
      entryPoints: [fileURLToPath(new URL('../../src/cli.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: bundle,
      logLevel: 'error',
      define: { TEMP_FIXTURES_VERSION: JSON.stringify(PACKAGE_VERSION) },
    });
  });

  afterAll(() => {
    fs.rmSync(bundleDir, { recursive: true, force: true });
  });

  const cli: Cli = (args, options = {}) => {
    const result = spawnSync(process.execPath, [bundle, ...args], {
      cwd: options.cwd ?? scratch.dir,
      env: { ...process.env, ...options.env },
      encoding: 'utf8',
      timeout: options.timeout ?? 20_000,
      maxBuffer: 256 << 20,
    });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  return { cli, PACKAGE_VERSION };
}

/** A child test that writes its input and fails (kept under `keep: 'failed'`). */
export const fail = (titlePath: string[], file?: string): ChildTest => ({
  titlePath,
  finish: { failed: true },
  write: 'input.txt',
  ...(file === undefined ? {} : { file }),
});
/** A child test that writes its input and passes. */
export const pass = (title: string): ChildTest => ({
  titlePath: [title],
  finish: { failed: false },
  write: 'input.txt',
});

/** One runner invocation in its own process, owning its run, that exits. */
export function ownRun(tests: ChildTest[], env?: Record<string, string>) {
  return runChild({ ownRun: true, options: { keep: 'failed' }, tests, after: 'exit' }, env);
}

/**
 * `ls` and `merge` over a `kept.json` holding a name full of escape
 * sequences and `count` more entries: the escapes are printed visibly and
 * every entry is listed.
 */
export function hostileKeptJson(cli: Cli, scratch: { dir: string }, count: number): void {
  describe('hostile kept.json content', () => {
    it(`ls and merge print escape sequences in test names as visible escapes, and list ${count.toLocaleString('en')} entries`, async () => {
      const root = path.join(scratch.dir, 'hostile');
      const run = await ownRun([fail(['csv', 'reads CRLF'])], { TEMP_FIXTURES_ROOT: root });
      const keptFile = path.join(run.runDir!, 'kept.json');
      const [real] = JSON.parse(fs.readFileSync(keptFile, 'utf8')).kept;
      const forged = {
        ...real,
        name: 'clears\u001b[2J the screen\u001b]0;title\u0007\u009b',
        path: `${real.path}-forged`,
      };
      const many = Array.from({ length: count }, (_, i) => ({
        ...real,
        name: `t${i}`,
        path: `${real.path}-${i}`,
      }));
      fs.writeFileSync(keptFile, JSON.stringify({ version: 1, kept: [forged, ...many] }));
      for (const args of [
        ['ls', '--root', root],
        ['merge', root, '--out', 'report'],
      ]) {
        // A safety net, not a timing: many lstats on a busy machine.
        const result = cli(args, { timeout: 100_000 });
        expect(result.stderr).not.toMatch(/RangeError|\n\s+at /);
        expect([...result.stdout].filter((c) => '\u001b\u0007\u009b'.includes(c))).toEqual([]);
        expect(result.stdout).toContain('clears\\x1b[2J the screen\\x1b]0;title\\x07\\x9b');
        expect(result.stdout).toContain(`t${count - 1}`);
      }
    }, 240_000);
  });
}
