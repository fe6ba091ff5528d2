/**
 * The built entries: `temp-fixtures/engine` is a bundle of its own (one file,
 * so a fresh test worker loads one module), and what it shares with
 * `temp-fixtures` and `temp-fixtures/memfs` still holds across the copies.
 * Runs the real `dist` files in a child process, as ESM and as CommonJS.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'entries-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const CHECKS = `
// The engine's default root follows setTempdir() of the other entry, each time it is resolved.
const testDir = () =>
  new engine.FixtureEngine({ ownerPid: process.pid, report: () => {} }).test({ file: 'a.test.js', titlePath: ['t'] }).tmpDir;
const moved = fs.mkdtempSync(path.join(scratch, 'moved-'));
index.setTempdir(moved);
const dirAfterSet = testDir();
const movedAgain = fs.mkdtempSync(path.join(scratch, 'again-'));
index.setTempdir(movedAgain);
const dirAfterReset = testDir();
index.setTempdir(null);
const { tree, snapshot } = memfs.createMemfsFixture();
await tree({ 'a.txt': 'a', l: engine.symlink('a.txt') });
const snap = await snapshot();
console.log(JSON.stringify({
  moved,
  movedAgain,
  dirAfterSet,
  dirAfterReset,
  linkFromOtherCopy: snap.l instanceof engine.TreeSymlink,
  target: snap.l.target,
  shapeAlone: ({ target: 'a.txt' }) instanceof engine.TreeSymlink,
}));
`;

function run(kind: 'esm' | 'cjs'): Record<string, unknown> {
  const file = path.join(scratch, `checks.${kind === 'esm' ? 'mjs' : 'cjs'}`);
  const load =
    kind === 'esm'
      ? `import fs from 'node:fs'; import path from 'node:path';
const index = await import(${JSON.stringify(`${dist}index.js`)});
const engine = await import(${JSON.stringify(`${dist}engine.js`)});
const memfs = await import(${JSON.stringify(`${dist}memfs.js`)});
const scratch = ${JSON.stringify(scratch)};
${CHECKS}`
      : `const fs = require('node:fs'); const path = require('node:path');
const index = require(${JSON.stringify(`${dist}index.cjs`)});
const engine = require(${JSON.stringify(`${dist}engine.cjs`)});
const memfs = require(${JSON.stringify(`${dist}memfs.cjs`)});
const scratch = ${JSON.stringify(scratch)};
(async () => {
${CHECKS}
})();`;
  fs.writeFileSync(file, load);
  const env = { ...process.env };
  delete env.TEMP_FIXTURES_ROOT;
  const child = spawnSync(process.execPath, [file], { encoding: 'utf8', env, timeout: 30_000 });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout);
}

describe.each(['esm', 'cjs'] as const)('the built entries (%s)', (kind) => {
  it('share setTempdir, and TreeSymlink across copies', () => {
    const result = run(kind);
    expect(String(result.dirAfterSet).startsWith(`${result.moved}${path.sep}temp-fixtures-`)).toBe(
      true,
    );
    expect(
      String(result.dirAfterReset).startsWith(`${result.movedAgain}${path.sep}temp-fixtures-`),
    ).toBe(true);
    expect(result).toMatchObject({
      linkFromOtherCopy: true,
      target: 'a.txt',
      shapeAlone: false,
    });
  });

  it('load the engine as one file', () => {
    const engine = fs.readFileSync(
      path.join(dist, kind === 'esm' ? 'engine.js' : 'engine.cjs'),
      'utf8',
    );
    // A relative import would be a shared chunk: one more module per fresh worker.
    expect(engine).not.toMatch(/(?:from\s*|require\()["']\.\.?\//);
  });
});
