/**
 * Whether a failed attempt is the test's last one. Under `KEEP_TMP=failed`
 * the engine holds a failed attempt's dir until the test's last attempt
 * says whether the test failed in the end, so a flaky test that passes on a
 * retry leaves nothing behind. When unsure, answer "not final": a held
 * attempt is settled at the end of the file anyway (`FileTracker`), while a
 * wrong "final" would keep the dir of a test that passed.
 */
import type { CircusDescribeBlock, CircusState, CircusTest } from './circus.js';

/** Where `jest.retryTimes(n)` stores `n` on the test global (jest-circus's key, 29 and 30). */
const RETRY_TIMES = Symbol.for('RETRY_TIMES');

/** Counts `describe_retry` events, so the retries left for a whole describe block are known. */
export class RetryLedger {
  private readonly describeRetries = new Map<CircusDescribeBlock, number>();
  /** Tests that already had errors when they started (a failed `beforeAll`): never retried. */
  private readonly failedBeforeStart = new WeakSet<CircusTest>();

  /** `test_start`: jest-circus does not retry a test that starts with errors. */
  started(test: CircusTest): void {
    if (test.errors.length > 0) this.failedBeforeStart.add(test);
    else this.failedBeforeStart.delete(test);
  }

  /** `describe_retry` (Jest 30.5+): one more attempt of `block` begins. */
  describeRetried(block: CircusDescribeBlock): void {
    // Nested retried blocks start counting afresh inside the new attempt.
    for (const inner of [...this.describeRetries.keys()]) {
      if (inner !== block && isInside(inner, block)) this.describeRetries.delete(inner);
    }
    this.describeRetries.set(block, (this.describeRetries.get(block) ?? 0) + 1);
  }

  /**
   * True when no further attempt of `test` can follow its failed attempt.
   * `global` is the test global (where `jest.retryTimes` writes).
   */
  isFinalFailure(test: CircusTest, state: CircusState | undefined, global: object): boolean {
    const retried = retriedBlocks(test, state);
    if (retried.length > 0) {
      // Whole describe blocks are retried (test-level retries are off inside
      // one): final once every enclosing retried block is out of retries.
      return retried.every(
        ({ block, numRetries }) => (this.describeRetries.get(block) ?? 0) >= numRetries,
      );
    }
    if (this.failedBeforeStart.has(test)) return true;
    const retryTimes =
      Number.parseInt(String((global as Record<symbol, unknown>)[RETRY_TIMES]), 10) || 0;
    return test.invocations > retryTimes;
  }
}

function isInside(block: CircusDescribeBlock, ancestor: CircusDescribeBlock): boolean {
  for (let parent = block.parent; parent; parent = parent.parent) {
    if (parent === ancestor) return true;
  }
  return false;
}

/** The enclosing describe blocks retried as a whole, with their retry counts. */
function retriedBlocks(
  test: CircusTest,
  state: CircusState | undefined,
): { block: CircusDescribeBlock; numRetries: number }[] {
  // The Map comes from the test realm: no `instanceof Map`.
  const options = state?.describeRetryOptions;
  if (typeof options?.get !== 'function' || options.size === 0) return [];
  const found: { block: CircusDescribeBlock; numRetries: number }[] = [];
  for (let block: CircusDescribeBlock | undefined = test.parent; block; block = block.parent) {
    const retry = options.get(block);
    if (retry !== undefined) {
      found.push({ block, numRetries: Number.parseInt(String(retry.numRetries), 10) || 0 });
    }
  }
  return found;
}
