/**
 * The example: runs the test suite with `node --test` (every test passes),
 * then a KEEP_TMP=1 demonstration on a deliberately failing test with a
 * private fixture root in .scratch/: its dir is kept, reported at once, on
 * the test's diagnostic and in the summary, and listed in kept.json. Checks
 * all that, cleans up, and exits 0 when everything behaved.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const scratch = path.join(here, '.scratch');
const root = path.join(scratch, 'temp-fixtures');
const REPORTERS = [
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=node-test-temp/reporter',
  '--test-reporter-destination=stderr',
];

function check(ok, what) {
  if (!ok) {
    console.error(`\nexample failed: ${what}`);
    process.exit(1);
  }
  console.log(`ok: ${what}`);
}

function nodeTest(files, env) {
  const result = spawnSync(process.execPath, ['--test', ...REPORTERS, ...files], {
    cwd: here,
    encoding: 'utf8',
    env: { ...process.env, TEMP_FIXTURES_ROOT: root, ...env },
  });
  process.stdout.write(result.stdout);
  process.stdout.write(result.stderr);
  return result;
}

fs.rmSync(scratch, { recursive: true, force: true });
fs.mkdirSync(scratch, { mode: 0o700 });
try {
  console.log('$ node --test test/settings.test.js\n');
  const suite = nodeTest(['test/settings.test.js'], { KEEP_TMP: '' });
  check(suite.status === 0, 'every test passed');
  const runs = fs.existsSync(root) ? fs.readdirSync(root).filter((n) => n.startsWith('run-')) : [];
  check(runs.length === 0, 'nothing was left on disk');

  console.log('\n$ KEEP_TMP=1 node --test demo/settings.demo.js   (one test fails on purpose)\n');
  const demo = nodeTest(['demo/settings.demo.js'], { KEEP_TMP: '1' });
  console.log('\n--- what the run left behind ---');
  check(demo.status !== 0, `the failing run exited non-zero (${demo.status})`);
  const [run] = fs.readdirSync(root).filter((n) => n.startsWith('run-'));
  const { kept } = JSON.parse(fs.readFileSync(path.join(root, run, 'kept.json'), 'utf8'));
  check(kept.length === 1, 'kept.json lists exactly one dir');
  const [entry] = kept;
  check(entry.name === 'save keeps the old settings', `it belongs to '${entry.name}'`);
  check(demo.stdout.includes(`temp-fixtures: kept ${entry.path}`), 'it was reported at once');
  check(demo.stdout.includes(`ℹ temp-fixtures: kept ${entry.path}`), 'on the test, too');
  check(demo.stderr.includes('temp-fixtures: kept 1 temp dir'), 'the summary was printed');
  console.log('  its contents:');
  for (const name of fs.readdirSync(entry.path).sort()) {
    const content = fs.readFileSync(path.join(entry.path, name), 'utf8');
    console.log(`    ${name}: ${JSON.stringify(content)}`);
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
console.log('\ncleaned up; the example behaved as expected');
