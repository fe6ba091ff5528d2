// Fails on purpose: run-example.js runs it with KEEP_TMP=1 to show the kept dir.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tmp, tmpDir } from 'node-test-temp';
import { save } from '../src/settings.js';

test('save keeps the old settings', async (t) => {
  await tmp(t).write('editor.json', '{"theme":"dark"}');
  await save(tmpDir(t), 'editor', { theme: 'light' });
  assert.equal(JSON.parse(await tmp(t).read('editor.json')).theme, 'dark');
});
