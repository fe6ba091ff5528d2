import { describe, expect, test } from 'vitest-temp';
import { writePosts } from '../src/text.js';

describe('writePosts names', () => {
  test('two posts with one title share one file', async ({ tmp }) => {
    const names = await writePosts(tmp.path(), [
      { title: 'Same', body: '1' },
      { title: 'Same', body: '2' },
    ]);
    expect(names).toEqual(['same.md', 'same.md']);
    expect(await tmp.read('same.md')).toBe('# Same\n\n2\n');
  });
});
