import type { TestEnvironment as JsdomEnvironment } from 'jest-environment-jsdom';
import { TestEnvironment as NodeEnvironment } from 'jest-environment-node';
/**
 * The published types, as a user sees them through the package's exports:
 * the imported fixtures, the globals, the environment classes, the reporter.
 */
import JestTemp, {
  type JestTempOptions,
  memfs,
  symlink,
  type TmpHelper,
  type TreeSymlink,
  tmp,
  tmpDir,
  tmpFile,
} from 'jest-temp';
import { TestEnvironment, withTempFixtures } from 'jest-temp/environment';
import type {} from 'jest-temp/globals';
import JsdomTemp from 'jest-temp/jsdom';
import JestTempReporter from 'jest-temp/reporter';
import { expectTypeOf, test } from 'vitest';

test('imported fixtures', () => {
  expectTypeOf(tmpDir).toEqualTypeOf<() => string>();
  expectTypeOf(tmpFile).toEqualTypeOf<() => string>();
  expectTypeOf(tmp).toEqualTypeOf<TmpHelper>();
  expectTypeOf(tmp.write).returns.resolves.toEqualTypeOf<string>();
  expectTypeOf(memfs.vol.toJSON).toBeFunction();
  expectTypeOf(symlink).returns.toEqualTypeOf<TreeSymlink>();
  expectTypeOf<JestTempOptions>().toHaveProperty('keep');
});

test('globals', () => {
  expectTypeOf(globalThis.tmpDir).toEqualTypeOf<string>();
  expectTypeOf(globalThis.tmpFile).toEqualTypeOf<string>();
  expectTypeOf(globalThis.tmp).toEqualTypeOf<TmpHelper>();
  expectTypeOf(globalThis.memfs.snapshot).toBeFunction();
});

test('environments and reporter', () => {
  expectTypeOf(JestTemp).toEqualTypeOf<typeof NodeEnvironment>();
  expectTypeOf(TestEnvironment).toEqualTypeOf<typeof NodeEnvironment>();
  expectTypeOf(withTempFixtures(NodeEnvironment)).toEqualTypeOf<typeof NodeEnvironment>();
  expectTypeOf(JsdomTemp).toEqualTypeOf<typeof JsdomEnvironment>();
  expectTypeOf(new JestTempReporter().onRunComplete).returns.resolves.toBeVoid();
});
