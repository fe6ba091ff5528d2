import { describe, expect, test } from 'vitest-temp';
import { readCsv } from '../src/csv.js';

describe('readCsv', () => {
  test('reads Unix line endings', async ({ tmp }) => {
    await tmp.tree({ 'prices.csv': 'item,price\napple,3\npear,4\n' });
    expect(await readCsv(tmp.path('prices.csv'))).toEqual([
      { item: 'apple', price: '3' },
      { item: 'pear', price: '4' },
    ]);
  });

  // Fails on purpose: its temp dir is kept under KEEP_TMP=1, so the input
  // that broke the parser can be inspected after the run.
  test('reads Windows line endings', async ({ tmp }) => {
    await tmp.tree({ 'prices.csv': 'item,price\r\napple,3\r\npear,4\r\n' });
    expect(await readCsv(tmp.path('prices.csv'))).toEqual([
      { item: 'apple', price: '3' },
      { item: 'pear', price: '4' },
    ]);
  });
});
