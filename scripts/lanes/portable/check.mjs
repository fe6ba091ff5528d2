// Checks one Windows-lane scenario from the Linux side: the exit code, each
// test's status (Vitest's JSON report), and the whole fixture root,
// dot-entries included. Usage: node check.mjs <scenario> <exit code> <report.json> <root> <output files...>
import fs from 'node:fs';
import path from 'node:path';

const [scenario, code, reportFile, root, ...outputFiles] = process.argv.slice(2);
const output = outputFiles.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
// Jest scenarios ("jest-keep1-reporter") run 4 tests, Vitest ones 8.
const runner = scenario.startsWith('jest-') ? 'jest' : 'vitest';
const expectedTests = runner === 'jest' ? 4 : 8;
const problems = [];
const expect = (ok, what) => ok || problems.push(what);

function walk(dir, rel = '') {
  let names = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const full = path.join(dir, name);
    const entry = rel === '' ? name : `${rel}/${name}`;
    const stats = fs.lstatSync(full);
    expect(!stats.isSymbolicLink(), `a link under the root: ${entry}`);
    return stats.isDirectory() ? [`${entry}/`, ...walk(full, entry)] : [entry];
  });
}

const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
const statuses = Object.fromEntries(
  report.testResults.flatMap((file) => file.assertionResults.map((t) => [t.title, t.status])),
);
const tree = walk(root);
const runs = tree.filter((entry) => /^run-\d+\/$/.test(entry));
// Test dirs: run-N/<file folder>/<name>-<8 random>/ and everything below them.
const testData = tree.filter((entry) => /^run-\d+\/[^./][^/]*\/[^/]+-[a-z0-9_]{8}\//.test(entry));

if (scenario === 'core') {
  expect(code === '0', `exit code ${code}, expected 0`);
  expect(
    Object.values(statuses).every((s) => s === 'passed'),
    `statuses ${JSON.stringify(statuses)}`,
  );
} else {
  const [keep, plugin] = scenario.replace(/^jest-/, '').split('-'); // e.g. "keep1-plugin", "unset-bare"
  expect(code === '1', `exit code ${code}, expected 1 (one test fails on purpose)`);
  for (const [title, status] of Object.entries(statuses)) {
    expect(status === (title === 'fails' ? 'failed' : 'passed'), `${title}: ${status}`);
  }
  expect(
    Object.keys(statuses).length === expectedTests,
    `${Object.keys(statuses).length} tests reported, expected ${expectedTests}`,
  );
  expect(runs.length <= 1, `${runs.length} run dirs: ${runs.join(' ')}`);
  const kept = testData.filter((entry) => entry.split('/').length === 4 && entry.endsWith('/'));
  if (keep === 'keep1') {
    expect(kept.length === 1 && kept[0].includes('/fails-'), `kept dirs: ${kept.join(' ')}`);
    expect(
      testData.some((entry) => entry.endsWith('/evidence.txt')),
      'the failing test’s evidence.txt is not kept',
    );
    const other = testData.filter((entry) => !entry.includes('/fails-'));
    expect(other.length === 0, `left by passed tests: ${other.join(' ')}`);
    if (runs.length === 1) {
      const keptJson = JSON.parse(fs.readFileSync(path.join(root, runs[0], 'kept.json'), 'utf8'));
      expect(keptJson.kept.length === 1, `kept.json lists ${keptJson.kept.length}`);
    }
  } else {
    expect(testData.length === 0, `test data left: ${testData.join(' ')}`);
    if (plugin === 'plugin' || plugin === 'reporter') {
      // A dir that could not be deleted yet (the held-open file, when the runner tears the
      // test's timers down before they fire) may wait in the run's .trash for the next run,
      // with the run's marker: then the run must have said so, and nothing else may be left.
      const waiting = tree.filter((entry) => /^run-\d+\/\.trash\/./.test(entry));
      const said = /could not delete \S+ yet/.test(output);
      const allowed = (entry) =>
        runs.includes(entry) || /^run-\d+\/(\.trash\/|\.run\.json$)/.test(entry);
      const rest = tree.filter((entry) => /^run-\d+\//.test(entry) && !allowed(entry));
      expect(
        runs.length === 0 || (said && waiting.length > 0 && rest.length === 0),
        `run dirs left: ${runs.join(' ')}${said ? '' : ' (and no "could not delete" line)'}`,
      );
    }
  }
}
if (problems.length > 0) {
  console.error(
    `portable lane, ${scenario}: FAILED\n  ${problems.join('\n  ')}\n  root:\n    ${tree.join('\n    ')}`,
  );
  process.exit(1);
}
console.log(
  `portable lane, ${scenario}: ok (${Object.keys(statuses).length} tests, ${runs.length} run dir(s), ${testData.length} kept entries)`,
);
