import { describe, expect, test } from 'vitest-temp';
import { titles, writePosts } from '../src/text.js';

describe('writePosts', () => {
  test('writes one markdown file per post', async ({ tmp }) => {
    await writePosts(tmp.path(), [
      { title: 'First post', body: 'Hello.' },
      { title: 'Second post', body: 'Again.' },
    ]);
    expect(await tmp.snapshot()).toEqual({
      'first-post.md': '# First post\n\nHello.\n',
      'second-post.md': '# Second post\n\nAgain.\n',
    });
  });

  test('reads the titles back', async ({ tmp }) => {
    await writePosts(tmp.path(), [{ title: 'Only post', body: '.' }]);
    expect(await titles(tmp.path())).toEqual({ 'only-post.md': 'Only post' });
  });
});
