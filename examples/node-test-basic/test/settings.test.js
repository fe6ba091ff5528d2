import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tmp, tmpDir } from 'node-test-temp';
import { load, save } from '../src/settings.js';

test('a missing file is empty settings', async (t) => {
  assert.deepEqual(await load(tmpDir(t), 'editor'), {});
});

test('save merges and leaves no temp file behind', async (t) => {
  await tmp(t).write('editor.json', '{"theme":"dark"}');
  await save(tmpDir(t), 'editor', { tabs: 2 });
  assert.deepEqual(await tmp(t).snapshot(), {
    'editor.json': '{\n  "theme": "dark",\n  "tabs": 2\n}\n',
  });
});

test('apps do not share files', async (t) => {
  await t.test('editor', async (st) => {
    await save(tmpDir(st), 'editor', { tabs: 4 });
    assert.deepEqual(Object.keys(await tmp(st).snapshot()), ['editor.json']);
  });
  await t.test('terminal', async (st) => {
    await save(tmpDir(st), 'terminal', { font: 'mono' });
    assert.deepEqual(await load(tmpDir(st), 'editor'), {});
  });
});
