/**
 * Compile-time checks of the public types (run by `tsc -p tsconfig.json`,
 * the package's `typecheck`): fixtures are typed in tests, hooks and on a
 * user's own extended test.
 */

import { test as baseTest, expectTypeOf } from 'vitest';
import { defineConfig } from 'vitest/config';
import * as vitestTemp from '../src/index.js';
import {
  afterEach,
  beforeEach,
  type MemfsFixture,
  type TempFixtures,
  type TmpHelper,
  tempFixtures,
  test,
  type VitestTempOptions,
} from '../src/index.js';
import { type TempFixturesPlugin, tempFixturesPlugin } from '../src/plugin.js';

test('fixtures are typed', ({ tmpDir, tmpFile, tmp, memfs }) => {
  expectTypeOf(tmpDir).toEqualTypeOf<string>();
  expectTypeOf(tmpFile).toEqualTypeOf<string>();
  expectTypeOf(tmp).toEqualTypeOf<TmpHelper>();
  expectTypeOf(memfs).toEqualTypeOf<MemfsFixture>();
  expectTypeOf(tmp.path('a')).toEqualTypeOf<string>();
  expectTypeOf(tmp.read('a')).toEqualTypeOf<Promise<string>>();
  expectTypeOf(tmp.read('a', null)).toEqualTypeOf<Promise<Buffer>>();
});

const own = baseTest.extend({ answer: 42 }).extend(tempFixtures({ keep: 'failed' }));
own('a user base test keeps its own fixtures', ({ answer, tmpDir }) => {
  expectTypeOf(answer).toEqualTypeOf<number>();
  expectTypeOf(tmpDir).toEqualTypeOf<string>();
});

test('hooks of the extended test see the fixtures', () => {});
test.beforeEach(({ tmpDir }) => {
  expectTypeOf(tmpDir).toEqualTypeOf<string>();
});

// The hooks exported by vitest-temp see the fixtures and the rest of the test context.
beforeEach(async ({ tmp, tmpDir, task }) => {
  expectTypeOf(tmp).toEqualTypeOf<TmpHelper>();
  expectTypeOf(tmpDir).toEqualTypeOf<string>();
  expectTypeOf(task.name).toEqualTypeOf<string>();
  await tmp.tree({ 'package.json': '{}' });
});
afterEach(({ tmpFile, memfs, onTestFailed }) => {
  expectTypeOf(tmpFile).toEqualTypeOf<string>();
  expectTypeOf(memfs).toEqualTypeOf<MemfsFixture>();
  expectTypeOf(onTestFailed).toBeFunction();
});
// @ts-expect-error: not a fixture
beforeEach(({ notAFixture }) => notAFixture);

// `keep` takes the policies and KEEP_TMP's spellings, nothing else (a typo does not compile;
// JavaScript configs are checked at run time, in any case).
expectTypeOf<'failed'>().toExtend<NonNullable<VitestTempOptions['keep']>>();
expectTypeOf<'true'>().toExtend<NonNullable<VitestTempOptions['keep']>>();
tempFixtures({ keep: 'all' });
// @ts-expect-error: not a keep policy.
tempFixtures({ keep: 'yes' });
// @ts-expect-error: not a leak policy.
tempFixtures({ leaks: 'loud' });

// The plugin fits Vitest's config as it is.
defineConfig({ plugins: [tempFixturesPlugin({ keep: 'failed', retainRuns: 2 })] });
expectTypeOf<keyof TempFixtures>().toEqualTypeOf<
  'tmpDir' | 'tmpFile' | 'tmp' | 'memfs' | 'fileTmpDir'
>();
expectTypeOf(tempFixturesPlugin()).toEqualTypeOf<TempFixturesPlugin>();

// `vi` is not re-exported: Vitest hoists `vi.mock` only when `vi` comes from 'vitest'.
// @ts-expect-error: import { vi } from 'vitest' instead.
void vitestTemp.vi;
