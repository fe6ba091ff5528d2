import { expect, test } from 'vitest-temp';
import { titles } from '../src/text.js';

test('an empty dir has no titles', async ({ tmpDir }) => {
  expect(await titles(tmpDir)).toEqual({});
});
