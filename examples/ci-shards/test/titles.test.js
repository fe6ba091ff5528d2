import { expect, test } from 'vitest-temp';
import { titles } from '../src/text.js';

test('titles ignores files that are not markdown', async ({ tmp }) => {
  await tmp.tree({ 'a.md': '# A\n', 'notes.txt': 'x' });
  expect(await titles(tmp.path())).toEqual({ 'a.md': 'A' });
});

// Fails on purpose (the test expects a title per file, but 'b.md' has none):
// the tree it built is kept.
test('titles reads the first heading of each file', async ({ tmp }) => {
  await tmp.tree({ 'a.md': '# A\n', 'b.md': 'no heading\n\n# B\n' });
  expect(await titles(tmp.path())).toEqual({ 'a.md': 'A', 'b.md': 'B' });
});
