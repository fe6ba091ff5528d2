import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secureTempWrite, secureTempWriteSync } from '../src/index.js';

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
