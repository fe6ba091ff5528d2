/**
 * Stress suite (`pnpm test:stress`, run by CI), for its length. Runs
 * `bench:vitest`, `bench:jest` and `bench:node` in quick mode (tiny suites, one
 * round, no warm-up: about 20 s each on a quiet 2-core machine) and checks
 * that each produces every row of both layouts, measured, with its ratios to
 * the baseline and to the limit, its extra time and its peak RSS. No figure
 * is asserted: one round of a tiny suite on a shared machine measures noise.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { JEST_ROWS, NODE_TEST_ROWS, VITEST_ROWS } from '../src/runner-bench/generate.js';
import type { RunnerReport } from '../src/runner-bench/main.js';
import { runQuick } from './quick-run.js';

describe.each([
  ['vitest', VITEST_ROWS],
  ['jest', JEST_ROWS],
  ['node', NODE_TEST_ROWS],
] as const)('bench:%s --quick', (runner, rows) => {
  let work: string;
  let markdown: string;
  let report: RunnerReport;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runner-test-'));
    ({ markdown, report } = runQuick<RunnerReport>(
      work,
      'src/runner-bench/main.ts',
      [runner],
      '# Hand-written part\n',
      420_000,
    ));
  });

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('writes its section with a table per layout and the per-test/per-file split', () => {
    expect(markdown.startsWith('# Hand-written part\n')).toBe(true);
    expect(markdown).toContain(`<!-- bench:${runner}:start -->`);
    expect(markdown).toContain(`<!-- bench:${runner}:end -->`);
    expect(markdown).toMatch(/load average \(1, 5, 15 min\) [\d.]+, [\d.]+, [\d.]+/);
    expect(report.layouts.map((l) => l.id)).toEqual(['few', 'many']);
    for (const layout of report.layouts) expect(markdown).toContain(layout.title);
    expect(markdown).toContain('| row | median wall time | × baseline | × limit |');
    expect(markdown).toContain('#### Per test and per file');
  });

  test('has every row in both layouts, measured', () => {
    for (const layout of ['few', 'many'] as const) {
      const got = report.rows.filter((r) => r.layout === layout);
      expect(got.map((r) => r.id)).toEqual([...rows]);
      for (const row of got) {
        const where = `${layout}/${row.id}`;
        expect(row.unavailable, where).toBeUndefined();
        expect(row.ms?.median, where).toBeGreaterThan(0);
        expect(row.vsBaseline?.median, where).toBeGreaterThan(0);
        expect(row.vsLimit?.median, where).toBeGreaterThan(0);
        expect(Number.isFinite(row.extraPerTest?.median), where).toBe(true);
        expect(Number.isFinite(row.extraPerFile?.median), where).toBe(true);
        expect(row.rssMiB?.median, where).toBeGreaterThan(0);
        expect(row.workers, where).toBeGreaterThan(0);
        expect(markdown).toContain(`| ${row.label.replace(/\|/g, '\\|')} |`);
      }
    }
    expect(report.split.map((s) => s.id)).toEqual(rows.filter((id) => id !== 'baseline'));
    for (const s of report.split) expect(Number.isFinite(s.perTest), s.id).toBe(true);
  });
});
