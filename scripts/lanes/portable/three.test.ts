// The portable lane's project (Wine, real Windows and macOS): a pass, a fail, a tree, a concurrent pair, a file held open.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, test } from 'vitest-temp';

test('passes', async ({ tmpDir, tmpFile }) => {
  fs.writeFileSync(path.join(tmpDir, 'a.txt'), 'a');
  fs.writeFileSync(tmpFile, 'f');
  // Real paths: no link or 8.3 short-name component.
  expect(fs.realpathSync.native(tmpDir)).toBe(tmpDir);
});

test('fails', async ({ tmpDir }) => {
  fs.writeFileSync(path.join(tmpDir, 'evidence.txt'), 'kept');
  expect('this test').toBe('failing on purpose');
});

test('tree', async ({ tmp }) => {
  await tmp.tree({ sub: { 'b.txt': 'b' }, 'c.txt': 'c' });
  expect(await tmp.snapshot()).toEqual({ 'c.txt': 'c', sub: { 'b.txt': 'b' } });
});

describe('concurrent', () => {
  test.concurrent('one', async ({ tmpDir, expect }) => {
    fs.writeFileSync(path.join(tmpDir, 'one.txt'), '1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fs.readdirSync(tmpDir)).toEqual(['one.txt']);
  });
  test.concurrent('two', async ({ tmpDir, expect }) => {
    fs.writeFileSync(path.join(tmpDir, 'two.txt'), '2');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fs.readdirSync(tmpDir)).toEqual(['two.txt']);
  });
});

const EXTREME = `an extreme title ${'still gets a short dir (Windows tools stop at 260) '.repeat(8)}`;
test(EXTREME, ({ tmpDir }) => {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: set by lane.mjs, outside turbo
  const below = path.relative(process.env.TEMP_FIXTURES_ROOT ?? '', tmpDir);
  // run-<N>, the file's folder, the title's stem (Windows 40 bytes, else 60), '-<8 random>'.
  expect(below.length).toBeLessThanOrEqual(process.platform === 'win32' ? 80 : 100);
  fs.writeFileSync(path.join(tmpDir, 'ok.txt'), 'ok');
});

test('a server listens on tmp.socketPath (a named pipe on Windows)', async ({ tmp }) => {
  const socket = await tmp.socketPath('api.sock');
  const server = net.createServer((client) => client.end('hello'));
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  const reply = await new Promise<string>((resolve, reject) => {
    const client = net.connect(socket);
    let text = '';
    client.on('data', (chunk) => {
      text += chunk;
    });
    client.on('end', () => resolve(text));
    client.on('error', reject);
  });
  await new Promise((resolve) => server.close(resolve));
  expect(reply).toBe('hello');
});

test('a file held open inside its dir does not fail the test', async ({ tmpDir }) => {
  // Windows refuses to remove an open file's dir; the engine retries, then
  // leaves it to the next run rather than fail a passed test.
  const fd = fs.openSync(path.join(tmpDir, 'held.txt'), 'w');
  fs.writeSync(fd, 'held');
  setTimeout(() => fs.closeSync(fd), 300);
});
