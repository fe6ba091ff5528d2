/**
 * Failures that clear by themselves are retried for a bounded time: here a
 * writer process keeps adding files to a dir of the tree (rmdir answers
 * `ENOTEMPTY` again and again) and stops after a while; the removal outlasts
 * it (without the retries the walk gives up at the second `ENOTEMPTY`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeTree, removeTreeSync } from '../src/cleanup.js';

const WRITER = `
const fs = require('fs');
const [dir, ms] = [process.argv[1], Number(process.argv[2])];
process.send('ready');
const end = Date.now() + ms;
let i = 0;
while (Date.now() < end) {
  try { fs.writeFileSync(dir + '/f' + (i++ % 64), 'x'); } catch {}
}
`;

let scratch: string;
let writer: ChildProcess | undefined;

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-transient-'));
});
afterEach(async () => {
  writer?.kill('SIGKILL');
  writer = undefined;
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** A tree whose `busy` dir a child process fills for `ms`. */
async function busyTree(ms: number): Promise<string> {
  const root = path.join(scratch, 'tree');
  const busy = path.join(root, 'busy');
  fs.mkdirSync(busy, { recursive: true });
  writer = spawn(process.execPath, ['-e', WRITER, busy, String(ms)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise((resolve) => writer!.once('message', resolve));
  // Let the writer get going before the removal starts.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return root;
}

describe('transient failures', () => {
  it('removeTree outlasts a writer that stops within the bound', async () => {
    const root = await busyTree(600);
    await removeTree(root);
    expect(fs.existsSync(root)).toBe(false);
  });

  it('removeTreeSync outlasts it too', async () => {
    const root = await busyTree(600);
    removeTreeSync(root);
    expect(fs.existsSync(root)).toBe(false);
  });
});
