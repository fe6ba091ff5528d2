/**
 * Every piece of process-wide state of temp-fixtures, in one place. A runner
 * may evaluate the library afresh for each test file (Jest's module registry,
 * Vitest's isolation), so what must be shared lives on a global under a
 * versioned `Symbol.for` key that every copy of the library finds again.
 */

/** The shared slots and what each holds. */
const SLOTS = {
  /** Pending finalizers and their exit/signal listeners (on `process`: shared by Jest's vm contexts). */
  finalizers: 'temp-fixtures.finalizers.v1',
  /** One `RunContext` per root and owner. */
  runContexts: 'temp-fixtures.run-contexts.v1',
  /** The leak watch of this process or worker thread. */
  leakWatch: 'temp-fixtures.leak-watch.v1',
  /** `tempfile.tempdir`: the cached or set `gettempdir()`. */
  tempdir: 'temp-fixtures.tempdir.v1',
} as const;

/** Marks a `TreeSymlink`, so `instanceof` holds for one made by any copy of the library. */
export const TREE_SYMLINK: unique symbol = Symbol.for('temp-fixtures.tree-symlink.v1') as never;

type Holder = Record<symbol, unknown>;

/** The value of slot `name` on `holder`, made by `init` when unset. */
export function shared<T>(name: keyof typeof SLOTS, init: () => T, holder: object = globalThis): T {
  const key = Symbol.for(SLOTS[name]);
  const slots = holder as Holder;
  if (slots[key] === undefined) slots[key] = init();
  return slots[key] as T;
}

/** Sets slot `name` on `holder` (`undefined` clears it). */
export function setShared(
  name: keyof typeof SLOTS,
  value: unknown,
  holder: object = globalThis,
): void {
  (holder as Holder)[Symbol.for(SLOTS[name])] = value;
}
