/**
 * `temp-fixtures/engine`: the framework-neutral per-test fixture engine
 * (SPEC section 3), for adapter authors. The Vitest and Jest adapters are
 * built on it; test code uses an adapter instead.
 */
export * from './fixture/index.js';
