/**
 * The fixtures take node:test's own `TestContext` under strict TypeScript,
 * in test bodies, suites and subtests; a wrong argument is a type error.
 */
import { describe, type TestContext, test } from 'node:test';
import {
  type MemfsFixture,
  memfs,
  type TempFixtures,
  type TmpHelper,
  tempFixtures,
  tmp,
  tmpDir,
  tmpFile,
} from 'node-test-temp';
import { expectTypeOf } from 'vitest';

test('body', async (t) => {
  expectTypeOf(tmpDir(t)).toEqualTypeOf<string>();
  expectTypeOf(tmpFile(t)).toEqualTypeOf<string>();
  expectTypeOf(tmp(t)).toEqualTypeOf<TmpHelper>();
  expectTypeOf(memfs(t)).toEqualTypeOf<MemfsFixture>();
  await t.test('subtest', (st: TestContext) => {
    expectTypeOf(tmpDir(st)).toEqualTypeOf<string>();
  });
});

describe('suite', () => {
  test('in a suite', (t) => {
    expectTypeOf(tmpDir(t)).toEqualTypeOf<string>();
  });
});

const strict: TempFixtures = tempFixtures({ keep: 'failed', retainRuns: 2, leaks: 'report' });
expectTypeOf(strict.tmpDir).parameter(0).not.toBeAny();
// @ts-expect-error: a fixture takes the test context, not a path.
tmpDir('some/path');
// @ts-expect-error: `keep` is one of the policies.
tempFixtures({ keep: 'sometimes' });
