import fs from 'node:fs';
import path from 'node:path';
import { JEST, startBin } from '@temp-fixtures/test-support';
import { expect, test } from 'vitest';
import { jestConfig, jestProject, readKeptJson, runDirs, runJest } from './helpers.js';

const PRELUDE = `const fs = require('node:fs');
const path = require('node:path');
const { tmp, tmpDir } = require('jest-temp');
const ppid = () => Number(fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[1]);
const nap = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const log = (event) => fs.appendFileSync(process.env.LOG_FILE, JSON.stringify({ event, pid: process.pid }) + '\\n');
`;
/**
 * The runner's main process is killed while two orphaned workers go on: one
 * starts a run of its own, whose housekeeping must neither reap the run the
 * other still writes to nor lose a dir that was reported kept in it.
 */
test('a dir kept before the main process was killed stays listed in its run’s kept.json', async () => {
  const project = jestProject({
    'jest.config.js': jestConfig(),
    'test/a.test.js': `${PRELUDE}
test('a kept before the kill', async () => { await tmp.write('e.txt', 'before'); expect(1).toBe(2); });
test('a waits', () => {
  log('a waiting');
  // Until worker B, orphaned, has started a run of its own (run-2).
  for (let i = 0; i < 600 && !fs.existsSync(path.join(process.env.TEMP_FIXTURES_ROOT, 'run-2', '.run.json')); i++) nap(50);
  nap(500);
  log('a goes on');
});
test('a kept after the kill', async () => { await tmp.write('e.txt', 'after'); expect(1).toBe(2); });
`,
    'test/b.test.js': `${PRELUDE}
test('b waits for the main process to die', () => {
  const parent = ppid();
  log('b waiting');
  for (let i = 0; i < 600 && ppid() === parent; i++) nap(50);
});
test('b first fixture after the kill', async () => { await tmp.write('e.txt', 'b'); });
`,
    'test/quick.test.js': `${PRELUDE}\ntest('q', async () => { await tmp.write('e.txt', 'q'); });\n`,
  });
  const root = project.root;
  const logFile = path.join(path.dirname(root), 'log');
  fs.writeFileSync(logFile, '');
  const run = startBin(
    project,
    JEST,
    ['--ci', '-w', '2', 'test/a', 'test/b', '--testTimeout', '60000'],
    {
      env: { KEEP_TMP: '1', LOG_FILE: logFile },
    },
  );
  const events = () =>
    fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  for (let i = 0; i < 1200; i++) {
    const names = events().map((e) => e.event);
    if (
      names.includes('a waiting') &&
      names.includes('b waiting') &&
      run.output().includes('a_kept_before_the_kill-')
    )
      break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const before = /temp-fixtures: kept (\S+)/.exec(run.output())![1]!;
  run.child.kill('SIGKILL');
  const killed = await run.result;
  const pids = [...new Set(events().map((e) => e.pid))];
  for (let i = 0; i < 600 && pids.some((p) => fs.existsSync(`/proc/${p}`)); i++)
    await new Promise((r) => setTimeout(r, 50));
  await runJest(project, ['test/quick']);
  const listed = runDirs(root).flatMap((dir) =>
    fs.existsSync(path.join(dir, 'kept.json')) ? readKeptJson(dir).kept.map((e) => e.path) : [],
  );
  const reported = [...killed.output.matchAll(/temp-fixtures: kept (\S+)/g)].map((m) => m[1]!);
  project.remove();
  expect(killed.signal).toBe('SIGKILL');
  expect(listed).toContain(before);
  expect(listed).toEqual(expect.arrayContaining(reported));
}, 120_000);
