/**
 * Stress (`pnpm test:stress`, run by CI): `secureTempWrite` SIGKILLed 60 times
 * at random moments never leaves a partial secret under a final name. Moved
 * out of `secure-write.test.ts` unchanged, for the time it takes.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleLibrary } from './helpers/unprivileged.js';

let scratch: string;
beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-write-test-'));
});
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

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
