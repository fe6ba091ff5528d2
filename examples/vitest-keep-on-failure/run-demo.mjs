/**
 * The KEEP_TMP demonstration: runs `vitest run` on a deliberately failing
 * test with KEEP_TMP=1 and a private fixture root in this example's scratch
 * dir, shows the kept dir and what is in it, checks the run failed and the
 * dir survived, then cleans up. Exits 0 when everything behaved.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const scratch = path.join(here, '.scratch');
const root = path.join(scratch, 'temp-fixtures');
const vitestBin = path.join(
  path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
);

function check(ok, what) {
  if (!ok) {
    console.error(`\nexample failed: ${what}`);
    process.exit(1);
  }
  console.log(`ok: ${what}`);
}

/** Every file below `dir` with its content, indented like a tree. */
function show(dir, indent = '    ') {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      console.log(`${indent}${entry.name}/`);
      show(full, `${indent}  `);
    } else {
      console.log(`${indent}${entry.name}: ${JSON.stringify(fs.readFileSync(full, 'utf8'))}`);
    }
  }
}

fs.rmSync(scratch, { recursive: true, force: true });
fs.mkdirSync(scratch, { mode: 0o700 });
try {
  console.log('$ KEEP_TMP=1 vitest run   (one test fails on purpose)\n');
  const result = spawnSync(
    process.execPath,
    [vitestBin, 'run', '--config', 'vitest.demo.config.mjs'],
    {
      cwd: here,
      encoding: 'utf8',
      env: { ...process.env, KEEP_TMP: '1', TEMP_FIXTURES_ROOT: root },
    },
  );
  process.stdout.write(result.stdout);
  process.stdout.write(result.stderr);

  console.log('\n--- what the run left behind ---');
  check(result.status !== 0, `the failing run exited non-zero (${result.status})`);
  // `current` names the newest run.
  const runDir = path.join(root, fs.readFileSync(path.join(root, 'current'), 'utf8').trim());
  const { kept } = JSON.parse(fs.readFileSync(path.join(runDir, 'kept.json'), 'utf8'));
  check(kept.length === 1, 'kept.json lists exactly one dir');
  const [entry] = kept;
  check(entry.name === 'readCsv > reads Windows line endings', `it belongs to '${entry.name}'`);
  check(fs.existsSync(entry.path), `the kept dir exists: ${entry.path}`);
  check(result.stderr.includes(entry.path), 'its path was printed during the run');
  check(result.stderr.includes('temp-fixtures: kept 1 temp dir'), 'the summary was printed');
  console.log('  its contents:');
  show(entry.path);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
console.log('\ncleaned up; the demo behaved as expected');
