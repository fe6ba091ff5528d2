/**
 * Where random names come from: the kernel's CSPRNG through `/dev/urandom`
 * (so loading and using the library does not load `node:crypto`, about 5 ms
 * in every fresh test worker), and `crypto.randomFillSync` whenever
 * `/dev/urandom` is not a readable character device. A planted regular file
 * of zeros in its place (bind-mounted in a private mount namespace) must not
 * make names predictable.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundleLibrary } from './helpers/unprivileged.js';

let scratch: string;
let bundle: string;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-random-'));
  bundle = bundleLibrary(scratch);
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/**
 * A child script (a file: `node -e` preloads `node:crypto` for its globals)
 * that makes 2,000 names through the public API and prints them and whether
 * `node:crypto` was loaded.
 */
function childScript(): string {
  const file = path.join(scratch, `child-${Math.random().toString(36).slice(2)}.js`);
  fs.writeFileSync(
    file,
    `
const tf = require(${JSON.stringify(bundle)});
const fs = require('node:fs');
const dir = fs.mkdtempSync(require('node:path').join(${JSON.stringify(scratch)}, 'names-'));
const names = [];
for (let i = 0; i < 1000; i++) {
  const { fd, path: file } = tf.mkstempSync({ dir, prefix: 'f-' });
  fs.closeSync(fd);
  names.push(require('node:path').basename(file).slice(2));
  const sub = tf.mkdtempSync({ dir, prefix: 'd-' });
  names.push(require('node:path').basename(sub).slice(2));
}
fs.rmSync(dir, { recursive: true });
const crypto = process.moduleLoadList.some((m) => m === 'NativeModule crypto');
process.stdout.write(JSON.stringify({ names, crypto }));
`,
  );
  return file;
}

/** The names are 8 chars of the alphabet, all distinct, and use (nearly) every character. */
function expectRandom(names: string[]): void {
  expect(names).toHaveLength(2000);
  for (const name of names) expect(name).toMatch(/^[a-z0-9_]{8}$/);
  expect(new Set(names).size).toBe(names.length);
  const seen = new Set(names.join(''));
  expect(seen.size).toBe(37);
}

describe('random names', () => {
  test('come from /dev/urandom: node:crypto is never loaded', () => {
    const result = spawnSync(process.execPath, [childScript()], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const { names, crypto } = JSON.parse(result.stdout) as { names: string[]; crypto: boolean };
    expectRandom(names);
    expect(crypto).toBe(false);
  });

  /**
   * Runs the child with `source` bind-mounted over /dev/urandom in a private
   * mount namespace (after checking it reads back as zeros there); its names
   * must still be random, now from crypto.
   */
  function expectCryptoWith(source: string, kind: 'file' | 'char device'): void {
    const check = kind === 'char device' ? 'test -c /dev/urandom || exit 98; ' : '';
    const result = spawnSync(
      'unshare',
      [
        '--mount',
        'sh',
        '-c',
        `mount --bind "$SOURCE" /dev/urandom || exit 99; ${check}od -An -N8 -tx1 /dev/urandom >&2; exec "$NODE" "$CODE"`,
      ],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          SOURCE: source,
          NODE: process.execPath,
          CODE: childScript(),
        },
        timeout: 60_000,
      },
    );
    // The namespace really did plant zeros (the first 8 bytes read back as 00).
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr.trim()).toBe('00 00 00 00 00 00 00 00');
    const { names, crypto } = JSON.parse(result.stdout) as { names: string[]; crypto: boolean };
    expectRandom(names);
    expect(crypto).toBe(true);
  }

  test('a regular file of zeros planted as /dev/urandom is refused: crypto takes over', () => {
    const zeros = path.join(scratch, 'zeros');
    fs.writeFileSync(zeros, Buffer.alloc(1 << 20));
    expectCryptoWith(zeros, 'file');
  });

  test('a character device answering zeros (/dev/zero bound as /dev/urandom) is caught: crypto takes over', () => {
    // Still a character device: only the repetition gives it away.
    expectCryptoWith('/dev/zero', 'char device');
  });
});
