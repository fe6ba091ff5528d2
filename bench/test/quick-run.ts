/** Runs one of the bench's commands in quick mode into a scratch README and JSON report. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Runs `script` (under tsx, from the bench folder) with `--quick` and `args`, writing into
 * `work/README.md` (which starts as `header`) and `work/report.json`; throws if it fails.
 */
export function runQuick<R>(
  work: string,
  script: string,
  args: string[],
  header: string,
  timeout: number,
): { markdown: string; report: R } {
  const out = path.join(work, 'README.md');
  const json = path.join(work, 'report.json');
  fs.writeFileSync(out, header);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', script, ...args, '--quick', `--out=${out}`, `--json=${json}`],
    { cwd: BENCH, encoding: 'utf8', timeout },
  );
  if (result.status !== 0) throw new Error(`bench failed (${result.status}): ${result.stderr}`);
  return {
    markdown: fs.readFileSync(out, 'utf8'),
    report: JSON.parse(fs.readFileSync(json, 'utf8')) as R,
  };
}
