const fs = require('node:fs');
const path = require('node:path');
const { memfs, tmp, tmpDir, tmpFile } = require('jest-temp');
const { rotate } = require('../src/rotate');

describe('rotate', () => {
  test('shifts every old log up by one and starts an empty one', async () => {
    await tmp.tree({ 'app.log': 'today', 'app.log.1': 'yesterday' });

    await rotate(tmpDir(), 'app.log', 3);

    expect(await tmp.snapshot()).toEqual({
      'app.log': '',
      'app.log.1': 'today',
      'app.log.2': 'yesterday',
    });
  });

  test('deletes what falls beyond `keep`', async () => {
    await tmp.tree({ 'app.log': 'c', 'app.log.1': 'b', 'app.log.2': 'a', 'other.txt': 'kept' });

    expect(await rotate(tmpDir(), 'app.log', 2)).toEqual(['app.log.2']);

    expect(await tmp.snapshot()).toEqual({
      'app.log': '',
      'app.log.1': 'c',
      'app.log.2': 'b',
      'other.txt': 'kept',
    });
  });

  test('each test starts from an empty dir of its own', () => {
    expect(fs.readdirSync(tmpDir())).toEqual([]);
    expect(path.basename(tmpDir())).toMatch(/^rotate__each_test_starts/);
  });

  test('rejects a bad `keep` before touching anything', async () => {
    await expect(rotate(tmpDir(), 'app.log', 0)).rejects.toThrow('keep must be an integer >= 1');
    expect(await tmp.snapshot()).toEqual({});
  });
});

describe('the other fixtures', () => {
  test('tmpFile is an empty private file inside the test dir', () => {
    expect(path.dirname(tmpFile())).toBe(tmpDir());
    expect(fs.statSync(tmpFile()).mode & 0o777).toBe(0o600);
  });

  test('memfs is an in-memory volume that never touches the disk', async () => {
    await memfs.tree({ logs: { 'app.log': 'in memory' } });
    expect(memfs.vol.toJSON()).toEqual({ '/logs/app.log': 'in memory' });
  });

  test('the fixtures are also globals', () => {
    expect(globalThis.tmpDir).toBe(tmpDir());
  });
});
