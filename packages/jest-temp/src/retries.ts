/**
 * Is a failed attempt the last? `KEEP_TMP=failed` holds its dir until then, so a flaky test passing
 * on retry leaves nothing. If unsure, "not final": held dirs settle at file end anyway, while a
 * wrong "final" would keep a passed test's dir.
 */
import type { CircusDescribeBlock, CircusState, CircusTest } from './circus.js';

/** Where `jest.retryTimes(n)` stores `n` on the test global (jest-circus's key, 29 and 30). */
const RETRY_TIMES = Symbol.for('RETRY_TIMES');

/** Counts `describe_retry` events, for the retries left to whole describe blocks. */
export class RetryLedger {
  private readonly describeRetries = new Map<CircusDescribeBlock, number>();
  private readonly failedBeforeStart = new WeakSet<CircusTest>();

  /** `test_start`: jest-circus never retries a test starting with errors (a failed `beforeAll`). */
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

  /** True when no retry can follow this failed attempt; `global` is where `retryTimes` writes. */
  isFinalFailure(test: CircusTest, state: CircusState | undefined, global: object): boolean {
    const retried = retriedBlocks(test, state);
    if (retried.length > 0) {
      // Test-level retries are off inside retried blocks: final once all are out of retries.
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
