// The tempfile port on any OS, through the package as a user installs it (the portable lane).
import fs from 'node:fs';
import path from 'node:path';
import {
  gettempdir,
  mkdtempSync,
  mkstempSync,
  NamedTemporaryFile,
  SpooledTemporaryFile,
  secureTempWrite,
  TemporaryDirectory,
  TemporaryFile,
} from 'temp-fixtures';
import { expect, test } from 'vitest';

test('runs on the platform the lane asked for, with an absolute gettempdir()', () => {
  expect(path.isAbsolute(gettempdir())).toBe(true);
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: set by lane.mjs, outside turbo
  expect(process.platform).toBe(process.env.EXPECT_PLATFORM ?? process.platform);
});

test('mkstemp and mkdtemp create, exclusively, under the names asked for', () => {
  const dir = mkdtempSync({ prefix: 'lane-' });
  try {
    const { fd, path: file } = mkstempSync({ dir, suffix: '.txt' });
    fs.writeSync(fd, 'x');
    fs.closeSync(fd);
    expect(path.basename(file)).toMatch(/^tmp[a-z0-9_]{8}\.txt$/);
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
    expect(() => mkstempSync({ dir, prefix: `..${path.sep}` })).toThrow(/prefix/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('NamedTemporaryFile goes on close; TemporaryFile leaves no name behind', async () => {
  const named = await NamedTemporaryFile.create({ mode: 'w+t' });
  await named.write('hello');
  named.seek(0);
  expect(await named.read()).toBe('hello');
  await named.close();
  expect(fs.existsSync(named.name)).toBe(false);
  const before = fs.readdirSync(gettempdir()).length;
  const anonymous = await TemporaryFile.create();
  await anonymous.write(Buffer.from('x'));
  await anonymous.close();
  expect(fs.readdirSync(gettempdir()).length).toBeLessThanOrEqual(before);
});

test('SpooledTemporaryFile rolls over to disk and keeps content', async () => {
  const spool = await SpooledTemporaryFile.create({ maxSize: 4 });
  await spool.write(Buffer.from('0123456789'));
  expect(spool.rolledOver).toBe(true);
  spool.seek(0);
  expect((await spool.read()).toString()).toBe('0123456789');
  await spool.close();
});

test('TemporaryDirectory.cleanup outlasts a file held open for a moment inside', async () => {
  const dir = await TemporaryDirectory.create();
  fs.mkdirSync(path.join(dir.name, 'sub'));
  const fd = fs.openSync(path.join(dir.name, 'sub', 'held.txt'), 'w');
  setTimeout(() => fs.closeSync(fd), 300);
  await dir.cleanup();
  expect(fs.existsSync(dir.name)).toBe(false);
});

test('a read-only file is removed with its dir', async () => {
  const dir = await TemporaryDirectory.create();
  const file = path.join(dir.name, 'ro.txt');
  fs.writeFileSync(file, 'r');
  fs.chmodSync(file, 0o444);
  await dir.cleanup();
  expect(fs.existsSync(dir.name)).toBe(false);
});

test('secureTempWrite leaves the whole secret under the returned name', async () => {
  const file = await secureTempWrite('s3cret', { suffix: '.key' });
  try {
    expect(fs.readFileSync(file, 'utf8')).toBe('s3cret');
  } finally {
    fs.rmSync(file, { force: true });
  }
});
