import { describe, expect, test } from 'vitest-temp';
import { slugify, writePosts } from '../src/text.js';

describe('slugify', () => {
  test('joins words with dashes', () => {
    expect(slugify('Hello, World!')).toBe('hello-world');
  });

  // Fails on purpose (the bug in src/text.js): the written post is kept.
  test('folds accented letters', async ({ tmpDir }) => {
    const [name] = await writePosts(tmpDir, [{ title: 'Crème brûlée', body: 'Dessert.' }]);
    expect(name).toBe('creme-brulee.md');
  });
});
