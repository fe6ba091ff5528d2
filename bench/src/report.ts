/** Renders the results as Markdown and writes them into bench/README.md. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RowResult, ScenarioResult, Target } from './model.js';
import { growth, LINEAR_LIMIT, type ScalingResult } from './scaling.js';
import type { Spread } from './stats.js';

/** Everything one run produced. */
export interface Report {
  quick: boolean;
  environment: string[];
  scenarios: ScenarioResult[];
  scaling: ScalingResult[];
  notes: string[];
  seconds: number;
}

/** The comment lines that enclose a generated section of the README. */
export function markers(name: string): { start: string; end: string } {
  return { start: `<!-- bench:${name}:start -->`, end: `<!-- bench:${name}:end -->` };
}

const { start: START, end: END } = markers('results');

/** `1234` ns → `1.23 µs`. */
function formatNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(ns >= 1e8 ? 0 : 2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(ns >= 1e5 ? 0 : 1)} µs`;
  return `${ns.toFixed(ns >= 100 ? 0 : 1)} ns`;
}

/** `1.0512` → `1.05×`. */
export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(2)}×`;
}

function ratioWithSpread(s: Spread | undefined): string {
  if (!s) return '–';
  if (s.n < 3) return formatRatio(s.median);
  return `${formatRatio(s.median)} (${s.p25.toFixed(2)}–${s.p75.toFixed(2)})`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** Met / missed / not measured, for one target. */
function verdict(target: Target, rows: RowResult[]): { met: boolean | undefined; ratio?: number } {
  const row = rows.find((r) => r.id === target.row);
  if (!row?.ratio) return { met: undefined };
  return { met: row.ratio.median <= target.max, ratio: row.ratio.median };
}

function targetText(scenario: ScenarioResult): string {
  return scenario.targets
    .map((t) => {
      const row = scenario.rows.find((r) => r.id === t.row);
      return `${row?.short ?? t.row} ≤ ${t.max.toFixed(2)}×`;
    })
    .join(', ');
}

function verdictText(scenario: ScenarioResult): string {
  return scenario.targets
    .map((t) => {
      const row = scenario.rows.find((r) => r.id === t.row);
      const v = verdict(t, scenario.rows);
      const word = v.met === undefined ? 'not measured' : v.met ? 'met' : 'missed';
      return `${row?.short ?? t.row}: ${word}`;
    })
    .join(', ');
}

function shortRatio(row: RowResult): string {
  if (row.unavailable !== undefined) return `${row.short} n/a`;
  return `${row.short} ${row.ratio ? formatRatio(row.ratio.median) : '–'}`;
}

function summaryTable(scenarios: ScenarioResult[]): string[] {
  const lines = [
    '| operation | floor (median per op) | temp-fixtures (× its floor) | peers in the same run (× their floor) | target | verdict |',
    '|---|---|---|---|---|---|',
  ];
  for (const s of scenarios) {
    const floor = s.rows.find((r) => r.floor === null);
    const floorText = floor?.ns
      ? `${floor.label.replace(/ \(floor\)$/, '')}: ${formatNs(floor.ns.median)}`
      : '–';
    const subjects = s.rows
      .filter((r) => r.kind === 'subject')
      .map(shortRatio)
      .join(', ');
    const peers = s.rows
      .filter((r) => r.kind === 'peer')
      .map(shortRatio)
      .join(', ');
    lines.push(
      `| ${cell(s.title)} | ${cell(floorText)} | ${cell(subjects)} | ${cell(peers)} | ${cell(targetText(s))} | ${cell(verdictText(s))} |`,
    );
  }
  return lines;
}

function scenarioTable(s: ScenarioResult): string[] {
  const lines = [
    `### ${s.title}`,
    '',
    `${s.rounds} interleaved round(s) × ${s.opsPerSample.toLocaleString('en-US')} ${s.unit}(s) per sample; medians over rounds, inter-quartile range of the per-round ratios in brackets.`,
    '',
    `| row | median per ${s.unit} | × its floor | its floor | × node:fs floor |`,
    '|---|---|---|---|---|',
  ];
  for (const row of s.rows) {
    const floorRow = row.floor === null ? undefined : s.rows.find((r) => r.id === row.floor);
    if (row.unavailable !== undefined) {
      lines.push(`| ${cell(row.label)} | not available: ${cell(row.unavailable)} | | | |`);
      continue;
    }
    lines.push(
      `| ${cell(row.label)} | ${row.ns ? formatNs(row.ns.median) : '–'} | ${row.floor === null ? '1.00×' : ratioWithSpread(row.ratio)} | ${cell(floorRow?.short ?? 'itself')} | ${row.ratioToMain ? formatRatio(row.ratioToMain.median) : '–'} |`,
    );
  }
  lines.push('');
  for (const note of s.notes) lines.push(`- ${note}`);
  lines.push('');
  return lines;
}

function scalingTable(sc: ScalingResult): string[] {
  const sizes = sc.sizes.map((n) => n.toLocaleString('en-US'));
  const lines = [
    `### ${sc.title}`,
    '',
    `Median cost per ${sc.item} (× the floor at the same size). "growth" = cost per ${sc.item} at the largest size ÷ at the smallest: about 1 for linear total cost, ${(sc.sizes[sc.sizes.length - 1]! / sc.sizes[0]!).toFixed(0)} for quadratic; ≤ ${LINEAR_LIMIT} counts as linear.`,
    '',
    `| row | ${sizes.join(' | ')} | growth |`,
    `|---|${sizes.map(() => '---|').join('')}---|`,
  ];
  for (const row of sc.rows) {
    if (row.unavailable !== undefined) {
      lines.push(
        `| ${cell(row.label)} | ${sizes.map(() => 'n/a').join(' | ')} | not available: ${cell(row.unavailable)} |`,
      );
      continue;
    }
    const cells = row.perItem.map((ns, i) => {
      if (ns === undefined) return '–';
      const ratio = row.ratio[i];
      return row.kind === 'floor' && row.id === 'floor'
        ? formatNs(ns)
        : `${formatNs(ns)} (${ratio === undefined ? '–' : formatRatio(ratio)})`;
    });
    const g = growth(row);
    const linear =
      sc.linearRows.includes(row.id) && g !== undefined
        ? g <= LINEAR_LIMIT
          ? ' linear'
          : ' **not linear**'
        : '';
    lines.push(
      `| ${cell(row.label)} | ${cells.join(' | ')} | ${g === undefined ? '–' : `${g.toFixed(2)}${linear}`} |`,
    );
  }
  lines.push('');
  return lines;
}

/** The generated Markdown section. */
export function renderReport(report: Report): string {
  const lines = [
    START,
    '',
    `_Generated by \`pnpm bench\`${report.quick ? ' in quick mode (few rounds, smaller sizes: a smoke test, not a measurement)' : ''} in ${report.seconds.toFixed(0)} s. Do not edit by hand._`,
    '',
    ...report.environment.map((line) => `- ${line}`),
    '',
    '### Summary',
    '',
    ...summaryTable(report.scenarios),
    '',
    ...report.scenarios.flatMap(scenarioTable),
    ...report.scaling.flatMap(scalingTable),
  ];
  if (report.notes.length > 0) {
    lines.push('### Run notes', '', ...report.notes.map((n) => `- ${n}`), '');
  }
  lines.push(END);
  return `${lines.join('\n')}\n`;
}

/**
 * Replaces the generated section `name` of `file` (or appends it) with
 * `section`, which must be enclosed in that section's markers.
 */
export function writeReport(file: string, section: string, name = 'results'): void {
  const { start: open, end: close } = markers(name);
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const start = old.indexOf(open);
  const end = old.indexOf(close);
  const next =
    start !== -1 && end > start
      ? old.slice(0, start) + section.trimEnd() + old.slice(end + close.length)
      : `${old}${old && !old.endsWith('\n') ? '\n' : ''}${old ? '\n' : ''}${section}`;
  fs.writeFileSync(file, next);
}

/** The bench's own README, where the generated sections live. */
export const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md');

/**
 * Formats `file` with the repository's Biome, which aligns Markdown tables,
 * so that `biome check .` (part of `pnpm test`) stays clean after a run.
 * Returns a warning instead when Biome is missing or fails.
 */
export function formatWithBiome(file: string): string | undefined {
  const repoRoot = path.resolve(path.dirname(README), '..');
  const bin = path.join(repoRoot, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');
  if (!fs.existsSync(bin)) return `Biome not found at ${bin}: ${file} left unformatted`;
  const result = spawnSync(process.execPath, [bin, 'format', '--write', file], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return result.status === 0 ? undefined : `biome format failed: ${result.stderr || result.stdout}`;
}
