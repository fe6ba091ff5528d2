/**
 * Runs `pnpm bench` in quick mode and checks that it produces the whole
 * report: every operation, every row (measured, or skipped with a reason
 * where that is allowed), and the growth tables. No figure is asserted: the
 * machine is shared and noisy, and the quick mode measures too little.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Report } from '../src/report.js';
import { runQuick } from './quick-run.js';

/** Every row of every scenario, by scenario id. */
const ROWS: Record<string, { node: string[]; subjects: string[]; python: string[] }> = {
  dir: {
    node: ['floor', 'floor-async', 'tmp', 'tempy', 'tempy-async', 'fs-fixture'],
    subjects: ['tf-sync', 'tf-async', 'tf-mkdtemp'],
    python: ['py-floor', 'py-tempdir'],
  },
  file: {
    node: ['floor', 'floor-async', 'tmp'],
    subjects: ['tf-mkstemp', 'tf-named', 'tf-named-async'],
    python: ['py-floor', 'py-mkstemp', 'py-named'],
  },
  tree: {
    node: ['floor', 'floor-async', 'rm-rf', 'fs-rmsync'],
    subjects: ['tf-sync', 'tf-async', 'tf-removetree'],
    python: ['py-floor', 'py-rmtree'],
  },
  spool: {
    node: ['floor'],
    subjects: ['tf-spooled'],
    python: ['py-floor', 'py-spooled', 'py-bytesio'],
  },
  anon: {
    node: ['floor', 'floor-async', 'raw-tmpfile'],
    subjects: ['tf-sync', 'tf-async'],
    python: ['py-floor', 'py-tempfile'],
  },
};

const hasPython = spawnSync('python3', ['--version']).status === 0;

let work: string;
let markdown: string;
let report: Report;
let tmpBefore: string[];

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-test-'));
  tmpBefore = fs.readdirSync(os.tmpdir());
  ({ markdown, report } = runQuick<Report>(
    work,
    'src/main.ts',
    [],
    '# Hand-written part\n\nkept as is\n',
    110_000,
  ));
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('pnpm bench --quick', () => {
  test('writes the generated section into the README and keeps the hand-written part', () => {
    expect(markdown.startsWith('# Hand-written part\n\nkept as is\n')).toBe(true);
    expect(markdown).toContain('<!-- bench:results:start -->');
    expect(markdown).toContain('<!-- bench:results:end -->');
    expect(markdown).toContain('| operation | floor (median per op) |');
  });

  test('has every operation in the summary and a table for each', () => {
    expect(report.scenarios.map((s) => s.id)).toEqual(Object.keys(ROWS));
    for (const scenario of report.scenarios) {
      expect(markdown).toContain(`| ${scenario.title.replace(/\|/g, '\\|')} |`);
      expect(markdown).toContain(`### ${scenario.title}`);
    }
  });

  test.each(Object.entries(ROWS))(
    '%s: every row is present, floors and peers measured',
    (id, rows) => {
      const scenario = report.scenarios.find((s) => s.id === id)!;
      const byId = new Map(scenario.rows.map((r) => [r.id, r]));
      expect([...byId.keys()].sort()).toEqual(
        [...rows.node, ...rows.subjects, ...rows.python].sort(),
      );
      for (const row of scenario.rows)
        expect(markdown).toContain(`| ${row.label.replace(/\|/g, '\\|')} |`);
      // Node floors and npm peers are installed devDependencies: they must be measured.
      for (const rowId of [...rows.node, ...rows.subjects]) {
        const row = byId.get(rowId)!;
        expect(row.unavailable, `${id}/${rowId}`).toBeUndefined();
        expect(row.ns?.median, `${id}/${rowId}`).toBeGreaterThan(0);
        expect(row.ratio?.median, `${id}/${rowId}`).toBeGreaterThan(0);
      }
      for (const rowId of rows.python) {
        const row = byId.get(rowId)!;
        if (hasPython) expect(row.ns?.median, `${id}/${rowId}`).toBeGreaterThan(0);
        else expect(row.unavailable).toMatch(/python3/);
      }
    },
  );

  test('judges every target', () => {
    for (const scenario of report.scenarios) {
      expect(scenario.targets.length).toBeGreaterThan(0);
      for (const target of scenario.targets) {
        expect(scenario.rows.find((r) => r.id === target.row)?.ratio).toBeDefined();
      }
    }
    expect(markdown).toMatch(/: (met|missed)/);
  });

  test('has both growth tables with every size', () => {
    expect(report.scaling.map((s) => s.id)).toEqual(['tree-scaling', 'spool-scaling']);
    for (const table of report.scaling) {
      expect(markdown).toContain(`### ${table.title}`);
      const subject = table.rows.find((r) => table.linearRows.includes(r.id))!;
      expect(subject.perItem.every((ns) => ns !== undefined && ns > 0)).toBe(true);
    }
  });

  test('leaves nothing in the temp dir', () => {
    const left = fs
      .readdirSync(os.tmpdir())
      .filter((n) => !tmpBefore.includes(n) && n.startsWith('temp-fixtures-bench-'));
    expect(left).toEqual([]);
  });
});
