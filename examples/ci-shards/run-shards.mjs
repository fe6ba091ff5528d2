/**
 * The local simulation of workflow.yml: 3 shards (`vitest run --shard=i/3`)
 * run in parallel with KEEP_TMP=1, each into its own fixture root (as each
 * CI machine has its own `tmp-artifacts/temp-fixtures`); the roots of the
 * shards that failed are copied as CI would upload and download them; then
 * `temp-fixtures merge` indexes them. Checks that the merged index lists
 * exactly the failed tests of all shards (as Vitest's own JSON reports name
 * them, and as this project fails on purpose), then cleans up. Exits 0 when
 * everything behaved.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SHARDS = 3;
/** The tests that fail on purpose (see src/text.js and test/titles.test.js). */
const EXPECTED_FAILURES = [
  'test/slugify.test.js > slugify > folds accented letters',
  'test/titles.test.js > titles reads the first heading of each file',
  'test/word-count.test.js > wordCount > counts words across lines and tabs',
];

const here = path.dirname(fileURLToPath(import.meta.url));
const scratch = path.join(here, '.scratch');
const require = createRequire(import.meta.url);
const vitestBin = path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
// The `temp-fixtures` bin, run with this node (what `npx temp-fixtures` runs).
const corePackage = require.resolve('temp-fixtures/package.json');
const cliBin = path.join(
  path.dirname(corePackage),
  JSON.parse(fs.readFileSync(corePackage, 'utf8')).bin['temp-fixtures'],
);

function check(ok, what) {
  if (!ok) {
    console.error(`\nexample failed: ${what}`);
    process.exit(1);
  }
  console.log(`ok: ${what}`);
}

/** Runs shard `i` of `SHARDS` like one CI machine; resolves with its exit code and report. */
function runShard(i) {
  const machine = path.join(scratch, `machine-${i}`);
  const root = path.join(machine, 'tmp-artifacts', 'temp-fixtures');
  const report = path.join(machine, 'vitest-report.json');
  const env = { ...process.env, KEEP_TMP: '1', TEMP_FIXTURES_ROOT: root };
  delete env.TEMP_FIXTURES_RUN;
  const args = [
    vitestBin,
    'run',
    `--shard=${i}/${SHARDS}`,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: here,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ i, code, output, root, report }));
  });
}

/** The failed tests in a Vitest JSON report, as `<file> > <describe> > <title>`. */
function failedTests(reportFile) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  return report.testResults.flatMap((file) =>
    file.assertionResults
      .filter((test) => test.status === 'failed')
      .map((test) =>
        [
          path.relative(here, file.name).split(path.sep).join('/'),
          ...test.ancestorTitles,
          test.title,
        ].join(' > '),
      ),
  );
}

fs.rmSync(scratch, { recursive: true, force: true });
fs.mkdirSync(scratch, { mode: 0o700 });
try {
  console.log(
    `$ vitest run --shard=<i>/${SHARDS}   (${SHARDS} machines in parallel, KEEP_TMP=1)\n`,
  );
  const shards = await Promise.all(Array.from({ length: SHARDS }, (_, k) => runShard(k + 1)));
  const failedByShard = new Map();
  for (const shard of shards) {
    console.log(`--- shard ${shard.i}/${SHARDS} exited ${shard.code} ---`);
    process.stdout.write(shard.output.replace(/^/gm, '  '));
    check(fs.existsSync(shard.report), `shard ${shard.i} wrote its Vitest report`);
    failedByShard.set(shard.i, failedTests(shard.report));
    const failed = failedByShard.get(shard.i).length > 0;
    check(shard.code === (failed ? 1 : 0), `shard ${shard.i} exited ${failed ? 1 : 0}`);
  }
  const allFailed = [...failedByShard.values()].flat().sort();
  check(
    JSON.stringify(allFailed) === JSON.stringify(EXPECTED_FAILURES),
    `the shards failed exactly the ${EXPECTED_FAILURES.length} tests that fail on purpose`,
  );

  // actions/upload-artifact of each failed shard's tmp-artifacts (the root as
  // it is: it holds no links), then actions/download-artifact into shards/.
  console.log("\n--- upload the failed shards' roots, download them into one job ---");
  const failedShards = shards.filter((s) => s.code !== 0);
  for (const shard of failedShards) {
    const artifact = path.join(
      scratch,
      'shards',
      `temp-fixtures-shard-${shard.i}`,
      'temp-fixtures',
    );
    fs.cpSync(shard.root, artifact, { recursive: true });
    console.log(`  shard ${shard.i} -> ${path.relative(here, artifact)}`);
  }

  const roots = failedShards.map((s) =>
    path.join('.scratch', 'shards', `temp-fixtures-shard-${s.i}`, 'temp-fixtures'),
  );
  const out = path.join('.scratch', 'kept-report');
  console.log(`\n$ temp-fixtures merge ${roots.join(' ')} --out ${out}\n`);
  const merge = spawnSync(process.execPath, [cliBin, 'merge', ...roots, '--out', out], {
    cwd: here,
    encoding: 'utf8',
  });
  process.stdout.write(merge.stdout);
  process.stdout.write(merge.stderr);
  check(merge.status === 0, `merge exited 0 (${merge.status})`);

  console.log('\n--- the merged index ---');
  const index = JSON.parse(fs.readFileSync(path.join(here, out, 'kept.json'), 'utf8'));
  check(index.version === 1, 'kept.json has version 1');
  const merged = index.kept.map((k) => `${k.file} > ${k.name}`).sort();
  check(
    JSON.stringify(merged) === JSON.stringify(allFailed),
    'it lists exactly the failed tests of all shards',
  );
  for (const entry of index.kept) {
    const shard = Number(/temp-fixtures-shard-(\d+)/.exec(entry.shard)?.[1]);
    check(
      failedByShard.get(shard)?.includes(`${entry.file} > ${entry.name}`),
      `'${entry.name}' is attributed to shard ${shard}, where it failed`,
    );
    const inside = path.relative(path.join(scratch, 'shards'), entry.path);
    check(
      !inside.startsWith('..') && fs.statSync(entry.path).isDirectory(),
      `its kept dir is in the downloaded artifacts: ${path.relative(here, entry.path)}`,
    );
    check(entry.reason === 'failed' && entry.attempt === 0, 'reason "failed", attempt 0');
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
console.log('\ncleaned up; the demo behaved as expected');
