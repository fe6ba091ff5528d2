/**
 * Exit-time cleanup (Python's finalizers) also runs on Ctrl-C and SIGTERM:
 * a process ended by SIGINT or SIGTERM has no `exit` event, so a
 * TemporaryDirectory (or a NamedTemporaryFile) still open then used to stay
 * on disk. Only when the signal would end the process: with a listener of
 * its own the program may live on, and its directory with it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundleLibrary } from './helpers/unprivileged.js';

let scratch: string;
let bundle: string;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-finalizer-'));
  bundle = bundleLibrary(scratch);
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Starts a child holding a TemporaryDirectory (and a NamedTemporaryFile), signals it, and reports. */
async function signalled(signal: NodeJS.Signals, ownListener: boolean) {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const tf = require(${JSON.stringify(bundle)});
const dir = tf.TemporaryDirectory.createSync({ dir: ${JSON.stringify(scratch)} });
require('node:fs').writeFileSync(dir.name + '/data', 'x');
const file = tf.NamedTemporaryFile.createSync({ dir: ${JSON.stringify(scratch)} });
${ownListener ? `process.on(${JSON.stringify(signal)}, () => { console.log('handled, dir there: ' + require('node:fs').existsSync(dir.name)); setTimeout(() => process.exit(0), 100); });` : ''}
console.log(JSON.stringify([dir.name, file.name]));
setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const printed = new Promise<string[]>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
      const line = out.split('\n')[0]!;
      if (out.includes('\n')) resolve(JSON.parse(line) as string[]);
    });
  });
  const paths = await printed;
  for (const p of paths) expect(fs.existsSync(p)).toBe(true);
  child.kill(signal);
  const ended = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('close', (code, sig) => resolve({ code, signal: sig })),
  );
  return { paths, ended, out };
}

describe('finalizers on signals', () => {
  test.each(['SIGINT', 'SIGTERM'] as const)(
    '%s removes what is still open, then ends the process by that signal',
    async (signal) => {
      const { paths, ended } = await signalled(signal, false);
      expect(ended).toEqual({ code: null, signal });
      for (const p of paths) expect(fs.existsSync(p), p).toBe(false);
    },
  );

  test('a program handling SIGINT itself keeps its files until it exits (then they go)', async () => {
    const { paths, ended, out } = await signalled('SIGINT', true);
    expect(out).toContain('handled, dir there: true');
    expect(ended).toEqual({ code: 0, signal: null });
    for (const p of paths) expect(fs.existsSync(p), p).toBe(false);
  });
});
