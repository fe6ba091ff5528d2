import { describe, expect, test } from 'vitest-temp';
import { wordCount } from '../src/text.js';

describe('wordCount', () => {
  test('counts words separated by spaces', async ({ tmp }) => {
    await tmp.write('a.txt', 'one two three');
    expect(await wordCount(tmp.path('a.txt'))).toBe(3);
  });

  test('counts an empty file as 0', async ({ tmp }) => {
    await tmp.write('empty.txt', '');
    expect(await wordCount(tmp.path('empty.txt'))).toBe(0);
  });

  // Fails on purpose (the bug in src/text.js): the input file is kept.
  test('counts words across lines and tabs', async ({ tmp }) => {
    await tmp.write('poem.txt', 'roses are red\nviolets\tare blue\n');
    expect(await wordCount(tmp.path('poem.txt'))).toBe(6);
  });
});
