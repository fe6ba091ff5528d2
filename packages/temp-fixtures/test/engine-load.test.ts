/**
 * What a fresh test worker pays to load the built engine (`temp-fixtures/engine`,
 * loaded by every worker of every adapter): which Node builtins it pulls in
 * and how many bytes of our code. The rules the build comments state are
 * checked here: no `util`, `os`, `crypto` or process/network modules at
 * import (each costs every worker its load time; they are loaded on first
 * use), and the engine stays within its byte budget (a ratchet: lower it as
 * the engine shrinks, never raise it without saying why).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** Builtins the engine must not load at import. */
const NOT_AT_IMPORT = [
  'util',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'net',
  'http',
  'https',
  'zlib',
  'vm',
  'v8',
  'readline',
];

/**
 * The builtins the engine's module imports: none. It takes `fs` and `path`
 * with `process.getBuiltinModule` (src/builtins.ts): a bundled import of a
 * builtin costs the CommonJS build esbuild's interop copy per importing file
 * (6.5 ms of 16 ms per load, paid again for every Jest test file) and the ES
 * build the builtin's ESM facade.
 */
const IMPORTED: string[] = [];

/** The engine's byte budget per format (the one file a worker loads). */
const BUDGET = { cjs: 122_000, esm: 120_000 };

interface Loaded {
  builtins: string[];
  ours: { file: string; bytes: number }[];
}

/** Loads `entry` in a fresh Node process; reports the public builtins and our files it loaded. */
function load(format: 'cjs' | 'esm'): Loaded {
  const entry = path.join(DIST, format === 'cjs' ? 'engine.cjs' : 'engine.js');
  const script = `
const fs = require('node:fs');
const before = new Set(process.moduleLoadList);
const loaded = [];
const report = () => {
  const builtins = process.moduleLoadList
    .filter((m) => !before.has(m) && m.startsWith('NativeModule ') && !m.startsWith('NativeModule internal/'))
    .map((m) => m.slice('NativeModule '.length));
  console.log(JSON.stringify({ builtins, ours: loaded.map((file) => ({ file, bytes: fs.statSync(file).size })) }));
};
const entry = ${JSON.stringify(entry)};
if (entry.endsWith('.cjs')) {
  require(entry);
  loaded.push(...Object.keys(require.cache).filter((file) => file.startsWith(${JSON.stringify(DIST)})));
  report();
} else {
  import(require('node:url').pathToFileURL(entry).href).then(() => { loaded.push(entry); report(); });
}`;
  // A script file, not `-e` (which preloads modules a worker does not have).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-load-'));
  try {
    fs.writeFileSync(path.join(dir, 'load.cjs'), script);
    const output = execFileSync(process.execPath, [path.join(dir, 'load.cjs')], {
      encoding: 'utf8',
    });
    return JSON.parse(output) as Loaded;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(['cjs', 'esm'] as const)('the built engine (%s) in a fresh process', (format) => {
  const loaded = load(format);

  it(`loads none of ${NOT_AT_IMPORT.join(', ')} at import`, () => {
    expect(loaded.builtins.filter((name) => NOT_AT_IMPORT.includes(name))).toEqual([]);
  });

  it('imports no builtin at the top level (util is preloaded by Node, so only its source shows it)', () => {
    const source = fs.readFileSync(loaded.ours[0]!.file, 'utf8');
    // Top-level imports only (`var x = require(...)`, `import … from`): a lazy load inside a function is fine.
    const pattern =
      format === 'cjs' ? /^var \w+ = .*\brequire\("([^"]+)"\)/gm : /^import [^;]* from "([^"]+)"/gm;
    const imported = [...new Set([...source.matchAll(pattern)].map((match) => match[1]!))];
    expect(imported.map((name) => name.replace(/^node:/, '')).sort()).toEqual(IMPORTED);
    // Nor a lazy `require` of one through esbuild's interop copy.
    expect(source.match(/__toESM\(require\("[^".]+"\)/g) ?? []).toEqual([]);
  });

  it(`loads one file of ours, within ${BUDGET[format]} bytes`, () => {
    expect(loaded.ours.map((entry) => path.basename(entry.file))).toEqual([
      format === 'cjs' ? 'engine.cjs' : 'engine.js',
    ]);
    expect(loaded.ours[0]!.bytes).toBeLessThanOrEqual(BUDGET[format]);
    // No chunk of ours behind it (what ES modules import is not in any cache to list).
    const source = fs.readFileSync(loaded.ours[0]!.file, 'utf8');
    expect(source.match(/(?:from|import\(|require\()\s*["']\.{1,2}\//g) ?? []).toEqual([]);
  });
});
