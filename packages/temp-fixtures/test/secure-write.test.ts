import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secureTempWrite, secureTempWriteSync } from '../src/index.js';
import { bundleLibrary } from './helpers/unprivileged.js';

let scratch: string;
beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-write-test-'));
});
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe.each([
  ['async', secureTempWrite],
  ['sync', secureTempWriteSync],
] as const)('secureTempWrite (%s)', (_kind, write) => {
  it('writes the data to a new 0o600 file with the requested name parts', async () => {
    const file = await write(Buffer.from('secret'), { prefix: 'k-', suffix: '.key', dir: scratch });
    expect(path.dirname(file)).toBe(scratch);
    expect(path.basename(file)).toMatch(/^k-[a-z0-9_]{8}\.key$/);
    expect(fs.readFileSync(file, 'utf8')).toBe('secret');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('takes strings (as UTF-8) and large data', async () => {
    expect(fs.readFileSync(await write('h\u00e9llo', { dir: scratch }), 'utf8')).toBe('h\u00e9llo');
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    expect(fs.readFileSync(await write(big, { dir: scratch })).equals(big)).toBe(true);
  });

  it('leaves only the returned file behind: no in-progress file, no other name', async () => {
    const file = await write('x', { prefix: 'p', suffix: '.s', dir: scratch });
    expect(fs.readdirSync(scratch)).toEqual([path.basename(file)]);
    expect(fs.statSync(file).nlink).toBe(1);
  });

  it('never replaces an existing file: each call gets a new name', async () => {
    const first = await write('one', { dir: scratch });
    const second = await write('two', { dir: scratch });
    expect(second).not.toBe(first);
    expect(fs.readFileSync(first, 'utf8')).toBe('one');
    expect(fs.readFileSync(second, 'utf8')).toBe('two');
  });

  it('rejects data that is neither a string nor bytes, creating nothing', async () => {
    await expect(async () => write(42 as never, { dir: scratch })).rejects.toThrow(
      /data must be a string or a Uint8Array \(got number\)/,
    );
    expect(fs.readdirSync(scratch)).toEqual([]);
  });
});

describe('secureTempWrite when writing fails', () => {
  // A real write failure: the child's file size limit (RLIMIT_FSIZE) is 512
  // bytes, so writing 64 KiB fails with EFBIG part way through.
  const source = buildSync({
    entryPoints: [path.join(__dirname, '..', 'src', 'patterns', 'secure-write.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
  }).outputFiles[0]!.text;

  it.each(['secureTempWrite', 'secureTempWriteSync'])('%s removes the file and rethrows', (fn) => {
    const script = `${source}
process.on('SIGXFSZ', () => {});
Promise.resolve()
  .then(() => module.exports.${fn}(Buffer.alloc(65536, 1), { dir: process.argv.at(-1) }))
  .then((p) => console.log(JSON.stringify({ path: p })), (e) => console.log(JSON.stringify({ code: e.code })));`;
    const result = spawnSync(
      'sh',
      ['-c', 'ulimit -f 1 && exec "$0" - "$1"', process.execPath, scratch],
      {
        input: script,
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ code: 'EFBIG' });
    // Nothing at all: neither a final name nor an in-progress file.
    expect(fs.readdirSync(scratch)).toEqual([]);
  });
});

describe('secureTempWrite killed at random moments', () => {
  // The secret: 8 MiB where every 4-byte word is its own index, so any
  // truncated, shifted or mixed content differs from it.
  const SIZE = 8 * 1024 * 1024;
  // The child builds it from this source; the parent builds its own copy below.
  const makeSecret = `(size) => { const b = Buffer.alloc(size); for (let i = 0; i < size / 4; i++) b.writeUInt32BE(i, i * 4); return b; }`;
  const secret = Buffer.alloc(SIZE);
  for (let i = 0; i < SIZE / 4; i++) secret.writeUInt32BE(i, i * 4);
  const FINAL = /^k-[a-z0-9_]{8}\.key$/;
  const PARTIAL = /^\.k-[a-z0-9_]{8}\.key\.partial$/;
  const KILLS = 60;

  let bundleDir: string;
  let bundle: string;
  beforeEach(() => {
    bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-write-bundle-'));
    bundle = bundleLibrary(bundleDir, ['src/patterns/secure-write']);
  });
  afterEach(() => fs.rmSync(bundleDir, { recursive: true, force: true }));

  /** Starts a child writing the secret into `dir` in a loop; SIGKILLs it `delay` ms after it is ready. */
  function killDuringWrites(dir: string, form: 'sync' | 'async', delay: number) {
    const code = `
const lib = require(${JSON.stringify(bundle)});
const secret = (${makeSecret})(${SIZE});
const options = { dir: ${JSON.stringify(dir)}, prefix: 'k-', suffix: '.key' };
process.stdout.write('R');
if (${JSON.stringify(form)} === 'sync') { for (;;) lib.secureTempWriteSync(secret, options); }
else { (async () => { for (;;) await lib.secureTempWrite(secret, options); })(); }`;
    return new Promise<NodeJS.Signals | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delay));
      child.on('error', reject);
      child.on('exit', (status, signal) => {
        if (stderr !== '') reject(new Error(`child failed (${status}): ${stderr}`));
        else resolve(signal);
      });
    });
  }

  it(`leaves, after each of ${KILLS} SIGKILLs, only complete files under final names and in-progress names, all 0o600`, async () => {
    let finals = 0;
    let partials = 0;
    for (let i = 0; i < KILLS; i++) {
      const dir = fs.mkdtempSync(path.join(scratch, 'kill-'));
      const delay = Math.floor(Math.random() * 51);
      const form = i % 2 === 0 ? 'sync' : 'async';
      expect(await killDuringWrites(dir, form, delay)).toBe('SIGKILL');
      for (const name of fs.readdirSync(dir)) {
        const file = path.join(dir, name);
        const stat = fs.lstatSync(file);
        expect(stat.isFile(), name).toBe(true);
        expect(stat.mode & 0o777, name).toBe(0o600);
        if (PARTIAL.test(name)) {
          partials++;
          continue;
        }
        expect(name, `kill ${i} (${form}, ${delay} ms) left an unexpected name`).toMatch(FINAL);
        const content = fs.readFileSync(file);
        expect(
          content.length === SIZE && content.equals(secret),
          `kill ${i} (${form}, ${delay} ms): '${name}' holds ${content.length} bytes, not the complete secret`,
        ).toBe(true);
        finals++;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // Not vacuous: the kills did land among writes.
    expect(finals + partials).toBeGreaterThan(0);
  }, 180_000);
});
