/**
 * `pnpm bench`: measures temp-fixtures against raw node:fs, its npm peers and
 * CPython, and writes the tables into bench/README.md.
 *
 * Flags: `--quick` (or BENCH_QUICK=1) for a short smoke run, `--only=dir,file`
 * to run some scenarios (`scaling` = the growth tables), `--out=<file>` to
 * write somewhere other than bench/README.md, `--no-write` to only print,
 * `--json=<file>` to also save the raw results.
 */
import fs from 'node:fs';
import path from 'node:path';
import { enterScratch, leaveScratch } from './scratch.js';

function flag(name: string): string | undefined {
  const arg = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (arg === undefined) return undefined;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : '';
}

async function main(): Promise<void> {
  const quick =
    flag('quick') !== undefined || ['1', 'true'].includes(process.env.BENCH_QUICK ?? '');
  const only = (flag('only') ?? '').split(',').filter(Boolean);
  const { formatWithBiome, README, writeReport } = await import('./report.js');
  const out = flag('out') ?? README;
  const scratch = enterScratch();
  const cleanup = () => leaveScratch(scratch);
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    // Loaded only now: some libraries read TMPDIR when they are imported.
    const { run } = await import('./run.js');
    const { report, markdown } = await run({
      quick,
      scratch,
      only,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(markdown);
    const json = flag('json');
    if (json) fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
    if (flag('no-write') === undefined) {
      writeReport(out, markdown);
      // Only the README in the repository must satisfy `biome check .`.
      const warning = out === README ? formatWithBiome(out) : undefined;
      if (warning) process.stderr.write(`${warning}\n`);
      process.stderr.write(`written to ${path.relative(process.cwd(), out) || out}\n`);
    }
  } finally {
    cleanup();
  }
}

await main();
