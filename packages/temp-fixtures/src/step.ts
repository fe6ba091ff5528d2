/**
 * One implementation, two calling conventions: an operation is written once
 * as a generator that yields the blocking steps it needs, and a driver runs
 * those steps either synchronously (`fooSync`) or as Promises (`foo`).
 */

/** A blocking step in both its forms; the driver picks one. */
export interface Step<T> {
  sync(): T;
  async(): Promise<T>;
}

/** An operation: yields steps, receives their results, returns `T`. */
export type Op<T> = Generator<Step<unknown>, T, unknown>;

/** Performs `s` inside an operation and returns its result, typed. */
export function* perform<T>(s: Step<T>): Op<T> {
  return (yield s) as T;
}

/** A step with no real asynchrony (in-memory work): the async form wraps the sync one. */
export function immediate<T>(fn: () => T): Step<T> {
  return {
    sync: fn,
    async: async () => fn(),
  };
}

/** Runs an operation, every step synchronously. */
export function runSync<T>(op: Op<T>): T {
  let result = op.next();
  while (!result.done) {
    let value: unknown;
    try {
      value = result.value.sync();
    } catch (error) {
      result = op.throw(error);
      continue;
    }
    result = op.next(value);
  }
  return result.value;
}

/** Runs an operation, awaiting the Promise form of every step. */
export async function runAsync<T>(op: Op<T>): Promise<T> {
  let result = op.next();
  while (!result.done) {
    let value: unknown;
    try {
      value = await result.value.async();
    } catch (error) {
      result = op.throw(error);
      continue;
    }
    result = op.next(value);
  }
  return result.value;
}
