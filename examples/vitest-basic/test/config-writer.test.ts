import path from 'node:path';
import { describe, expect, test } from 'vitest-temp';
import { CONFIG_FILE, readConfig, writeConfig } from '../src/config-writer.js';

describe('writeConfig', () => {
  test('creates the config and .env in an empty project', async ({ tmpDir, tmp }) => {
    await writeConfig(tmpDir, { name: 'shop', port: 8080 });

    expect(await tmp.snapshot()).toEqual({
      '.env': 'PORT=8080\n',
      '.myapp': { 'config.json': '{\n  "name": "shop",\n  "port": 8080\n}\n' },
    });
  });

  test('merges features with an existing config and keeps other files', async ({ tmpDir, tmp }) => {
    await tmp.tree({
      '.myapp': {
        'config.json': JSON.stringify({ name: 'shop', port: 9000, features: ['search'] }),
      },
      'README.md': '# shop\n',
    });

    const written = await writeConfig(tmpDir, { name: 'shop', features: ['cart', 'search'] });

    expect(written).toEqual({ name: 'shop', port: 9000, features: ['cart', 'search'] });
    expect(await readConfig(tmpDir)).toEqual(written);
    expect(await tmp.read('README.md')).toBe('# shop\n');
    expect(await tmp.read('.env')).toBe('PORT=9000\n');
  });

  test('each test starts from an empty dir of its own', async ({ tmpDir }) => {
    expect(await readConfig(tmpDir)).toBeUndefined();
    expect(path.basename(tmpDir)).toMatch(/^writeConfig__each_test_starts/);
  });
});

describe('readConfig', () => {
  test('reports a broken config instead of ignoring it', async ({ tmpDir, tmp }) => {
    await tmp.write(CONFIG_FILE, '{ not json');
    await expect(readConfig(tmpDir)).rejects.toThrow(SyntaxError);
  });

  test('works on an in-memory volume too (memfs)', async ({ memfs }) => {
    await memfs.tree({ 'notes.txt': 'memfs never touches the disk' });
    expect(memfs.vol.toJSON()).toEqual({ '/notes.txt': 'memfs never touches the disk' });
  });
});
