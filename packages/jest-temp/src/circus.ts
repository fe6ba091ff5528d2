/** jest-circus types (same in Jest 29 and 30), typed locally: users may lack `@jest/types`. */

/** A describe block (`ROOT_DESCRIBE_BLOCK` at the top). */
export interface CircusDescribeBlock {
  type: 'describeBlock';
  name: string;
  parent?: CircusDescribeBlock;
}

/** A test entry: one object per test, reused by its retries. */
export interface CircusTest {
  type: 'test';
  name: string;
  parent: CircusDescribeBlock;
  /** Errors of the current attempt (after `test.failing` inversion; hook failures included). */
  errors: unknown[];
  /** Attempts started so far (incremented at `test_start`). */
  invocations: number;
  concurrent: boolean;
}

/** An event as handed to `handleTestEvent`. */
export interface CircusEvent {
  name: string;
  test?: CircusTest;
  describeBlock?: CircusDescribeBlock;
  /** On `setup`: the globals given to test code (`expect` among them). */
  runtimeGlobals?: { expect?: unknown };
}

/** jest-circus's state as handed to `handleTestEvent`. */
export interface CircusState {
  /** Jest 30.5+: per-describe options of `jest.retryTimes(n, { entireDescribe: true })`. */
  describeRetryOptions?: Map<CircusDescribeBlock, { numRetries?: number }>;
}

/** The name jest-circus gives the invisible outermost describe block. */
export const ROOT_DESCRIBE_BLOCK = 'ROOT_DESCRIBE_BLOCK';

/** Describe blocks then the test title, outermost first (the root block left out). */
export function titlePath(test: CircusTest): string[] {
  const titles = [test.name];
  for (let block: CircusDescribeBlock | undefined = test.parent; block; block = block.parent) {
    if (block.parent === undefined && block.name === ROOT_DESCRIBE_BLOCK) break;
    titles.unshift(block.name);
  }
  return titles;
}

/** True when one of the attempt's errors is a Jest timeout (the body may still be running). */
export function hasTimeoutError(test: CircusTest): boolean {
  return test.errors.some((entry) => {
    const error = Array.isArray(entry) ? entry[0] : entry;
    const message = typeof error === 'string' ? error : (error as { message?: unknown })?.message;
    return typeof message === 'string' && message.startsWith('Exceeded timeout of');
  });
}
