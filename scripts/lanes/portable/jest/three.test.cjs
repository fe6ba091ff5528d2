// The portable lane's Jest project: a pass, a fail, a tree, a file held open.
const fs = require('node:fs');
const path = require('node:path');
const { tmp, tmpDir, tmpFile } = require('jest-temp');

test('passes', () => {
  fs.writeFileSync(path.join(tmpDir(), 'a.txt'), 'a');
  fs.writeFileSync(tmpFile(), 'f');
  expect(fs.realpathSync.native(tmpDir())).toBe(tmpDir());
});

test('fails', () => {
  fs.writeFileSync(path.join(tmpDir(), 'evidence.txt'), 'kept');
  expect('this test').toBe('failing on purpose');
});

test('tree', async () => {
  await tmp.tree({ sub: { 'b.txt': 'b' }, 'c.txt': 'c' });
  expect(await tmp.snapshot()).toEqual({ 'c.txt': 'c', sub: { 'b.txt': 'b' } });
});

test('a file held open inside its dir does not fail the test', () => {
  const fd = fs.openSync(path.join(tmpDir(), 'held.txt'), 'w');
  fs.writeSync(fd, 'held');
  setTimeout(() => fs.closeSync(fd), 300);
});
