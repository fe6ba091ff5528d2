/**
 * The tempfile port's README blocks run as written (transpiled, nothing
 * else changed), each in a child with a private `TMPDIR` and working dir:
 * they must succeed and leave both empty, since a reader copies them.
 * Blocks assuming values get stand-ins: `request` an upload stream of
 * 6 MiB (so the spooled upload rolls over to disk), `secret` a string.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectBlocks, splitAssumptions } from '../src/snippets.js';

const STAND_INS: Record<string, string> = {
  request: "(await import('node:stream')).Readable.from([Buffer.alloc(6 << 20, 'x')])",
  secret: "'s3cret'",
};

/** The blocks of the port (import from 'temp-fixtures' itself), with their assumptions. */
const portBlocks = collectBlocks().blocks.filter(
  (b) =>
    b.lang === 'ts' &&
    (b.readme === 'README.md' || b.readme === 'packages/temp-fixtures/README.md') &&
    /from 'temp-fixtures';/.test(b.code) &&
    !/from 'temp-fixtures\/|vitest|jest/.test(b.code),
);

function runnable(code: string): string | undefined {
  const lines = code.split('\n');
  const header = /^\s*\/\/\s*assumes:(.*)$/.exec(lines[0] ?? '');
  let prelude = '';
  if (header !== null) {
    for (const { name } of splitAssumptions(header[1]!)) {
      const value = STAND_INS[name];
      if (value === undefined) return undefined;
      prelude += `const ${name} = ${value};\n`;
    }
    lines.shift();
  }
  // Imports first, then the stand-ins, then the rest, as ESM.
  const imports = lines.filter((l) => /^import /.test(l));
  const rest = lines.filter((l) => !/^import /.test(l));
  const source = `${imports.join('\n')}\n${prelude}${rest.join('\n')}\nexport {};\n`;
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

let scratch: string;
beforeAll(() => {
  // Inside docs-test, so `temp-fixtures` resolves from its node_modules.
  scratch = fs.mkdtempSync(path.join(import.meta.dirname, '..', '.snippet-run-'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('the tempfile port’s README blocks run and clean up after themselves', () => {
  it('finds the blocks', () => {
    expect(portBlocks.length).toBeGreaterThan(5);
  });

  it.each(portBlocks.map((b) => [`${b.readme}:${b.line}`, b] as const))('%s', (label, block) => {
    const code = runnable(block.code);
    expect(code, `${label}: an assumption without a stand-in`).toBeDefined();
    const dir = fs.mkdtempSync(path.join(scratch, 'block-'));
    const tmp = path.join(dir, 'tmp');
    const cwd = path.join(dir, 'cwd');
    fs.mkdirSync(tmp, { mode: 0o700 });
    fs.mkdirSync(cwd);
    const file = path.join(dir, 'block.mjs');
    fs.writeFileSync(file, code!);
    const result = spawnSync(process.execPath, [file], {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: os.homedir(), TMPDIR: tmp },
      timeout: 60_000,
    });
    expect(result.status, `${label}\n${result.stderr}`).toBe(0);
    expect(fs.readdirSync(tmp), `${label} left files in the temp dir`).toEqual([]);
    expect(fs.readdirSync(cwd), `${label} left files in the working dir`).toEqual([]);
  });
});
