/**
 * How a test attempt ended, judged in its own `onTestFinished` (after every `afterEach` and
 * teardown, even if one threw) as Vitest's runner will: retries, `test.fails` inversion.
 */
import type { FinishResult } from 'temp-fixtures/engine';
import type { TestTask } from './identity.js';

/** `task.retry`: a count (Vitest 3 and 4), or Vitest 4's `{ count, condition }`. */
type RetryOption =
  | number
  | { count?: number; condition?: RegExp | ((error: unknown) => boolean) }
  | undefined;

/** Each repeat's first `retryCount`: never reset between repeats, yet each repeat gets retries. */
const repeatStarts = new WeakMap<object, { repeat: number; retryCount: number }>();

/** Records the start of an attempt (call when its fixtures are first created). */
export function noteAttemptStart(task: TestTask): void {
  const repeat = task.result?.repeatCount ?? 0;
  const seen = repeatStarts.get(task);
  if (seen === undefined || seen.repeat !== repeat) {
    repeatStarts.set(task, { repeat, retryCount: task.result?.retryCount ?? 0 });
  }
}

function retriesAllowed(retry: RetryOption): number {
  if (typeof retry === 'number') return retry;
  return retry?.count ?? 0;
}

/** Vitest's `passesRetryCondition`: the last error decides. */
function passesCondition(retry: RetryOption, errors: readonly unknown[] | undefined): boolean {
  if (errors === undefined || errors.length === 0) return false;
  const condition = typeof retry === 'object' ? retry.condition : undefined;
  if (condition === undefined) return true;
  const last = errors[errors.length - 1] as { message?: string } | undefined;
  try {
    return condition instanceof RegExp
      ? condition.test(last?.message ?? '')
      : Boolean(condition(last));
  } catch {
    return false;
  }
}

/** True when Vitest will run this test again after the attempt that just ended. */
export function willRetry(task: TestTask): boolean {
  const result = task.result;
  // Vitest retries on the raw state, before any `test.fails` inversion.
  if (result?.state !== 'fail') return false;
  const start = repeatStarts.get(task);
  const retryCount = result.retryCount ?? 0;
  const used =
    start !== undefined && start.repeat === (result.repeatCount ?? 0)
      ? retryCount - start.retryCount
      : retryCount;
  const retry = task.retry as RetryOption;
  return used < retriesAllowed(retry) && passesCondition(retry, result.errors);
}

/**
 * `failed`: the body, hooks (`afterEach` precedes `onTestFinished`) or teardowns, inverted for
 * `test.fails`; skips don't. `timedOut`: signal aborted (timeout or cancel), so the body may still
 * run and its dir must not move.
 */
export function attemptOutcome(task: TestTask, signal: AbortSignal): FinishResult {
  const state = task.result?.state;
  const failed = task.fails ? state === 'pass' : state === 'fail';
  return { failed, final: !willRetry(task), timedOut: signal.aborted };
}
