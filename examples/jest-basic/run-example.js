/**
 * The example: runs the test suite (every test passes), then a KEEP_TMP=1
 * demonstration on a deliberately failing test with a private fixture root
 * in .scratch/: its dir is kept, reported with the test's name and listed in
 * kept.json. Checks all that, cleans up, and exits 0 when everything behaved.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const jestBin = path.join(path.dirname(require.resolve('jest/package.json')), 'bin', 'jest.js');
const scratch = path.join(__dirname, '.scratch');
const root = path.join(scratch, 'temp-fixtures');

function check(ok, what) {
  if (!ok) {
    console.error(`\nexample failed: ${what}`);
    process.exit(1);
  }
  console.log(`ok: ${what}`);
}

function jest(args, env) {
  const result = spawnSync(process.execPath, [jestBin, ...args], {
    cwd: __dirname,
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
  console.log('$ jest\n');
  const suite = jest([], { KEEP_TMP: '' });
  check(suite.status === 0, 'every test passed');
  check(!fs.existsSync(path.join(root, 'current')), 'nothing was left on disk');

  console.log('\n$ KEEP_TMP=1 jest --config demo.config.js   (one test fails on purpose)\n');
  const demo = jest(['--config', 'demo.config.js'], { KEEP_TMP: '1' });
  console.log('\n--- what the run left behind ---');
  check(demo.status !== 0, `the failing run exited non-zero (${demo.status})`);
  // `current` names the newest run.
  const runDir = path.join(root, fs.readFileSync(path.join(root, 'current'), 'utf8').trim());
  const { kept } = JSON.parse(fs.readFileSync(path.join(runDir, 'kept.json'), 'utf8'));
  check(kept.length === 1, 'kept.json lists exactly one dir');
  const [entry] = kept;
  check(entry.name === 'rotate keeps two old logs', `it belongs to '${entry.name}'`);
  check(demo.stderr.includes(`temp-fixtures: kept ${entry.path}`), 'it was reported at once');
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
