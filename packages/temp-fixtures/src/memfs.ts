/**
 * `temp-fixtures/memfs`: the in-memory fixture, a fresh memfs volume with the
 * `tree`/`snapshot` helpers of `tmp`. `memfs` is an optional peer dependency:
 * install it next to `temp-fixtures` to use this entry.
 */
export { createMemfsFixture, type MemfsFixture, type MemfsVolume } from './fixture/memfs.js';
