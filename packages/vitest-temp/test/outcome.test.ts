/**
 * The verdict logic on task objects shaped as Vitest's runner leaves them
 * when `onTestFinished` runs (the end-to-end files check the same against
 * the real runner): inversion for `test.fails`, retries per repeat, retry
 * conditions, timeouts; and the identity read from the task tree.
 */
import { describe, expect, test } from 'vitest';
import { attemptNumber, type TestTask, testIdentity, titlePath } from '../src/identity.js';
import { attemptOutcome, noteAttemptStart, willRetry } from '../src/outcome.js';

interface FakeTask {
  state: 'pass' | 'fail' | 'skip' | 'run';
  retry?: unknown;
  fails?: boolean;
  retryCount?: number;
  repeatCount?: number;
  errors?: { message: string }[];
}

const file = { name: 'src/a.test.ts', filepath: '/project/src/a.test.ts', type: 'suite' };

function task(fake: FakeTask): TestTask {
  const outer = { name: 'outer', type: 'suite', suite: file };
  const inner = { name: 'inner', type: 'suite', suite: outer };
  return {
    id: 'id-1',
    name: 'does it',
    type: 'test',
    file,
    suite: inner,
    fails: fake.fails,
    retry: fake.retry,
    result: {
      state: fake.state,
      retryCount: fake.retryCount ?? 0,
      repeatCount: fake.repeatCount ?? 0,
      errors: fake.errors ?? (fake.state === 'fail' ? [{ message: 'boom' }] : undefined),
    },
  } as unknown as TestTask;
}

const running = new AbortController().signal;

describe('attemptOutcome', () => {
  test('a pass and a failure', () => {
    expect(attemptOutcome(task({ state: 'pass' }), running)).toEqual({
      failed: false,
      final: true,
      timedOut: false,
    });
    expect(attemptOutcome(task({ state: 'fail' }), running)).toEqual({
      failed: true,
      final: true,
      timedOut: false,
    });
  });

  test('a skipped test did not fail', () => {
    expect(attemptOutcome(task({ state: 'skip' }), running).failed).toBe(false);
  });

  test('test.fails is inverted as Vitest will invert it', () => {
    expect(attemptOutcome(task({ state: 'fail', fails: true }), running).failed).toBe(false);
    expect(attemptOutcome(task({ state: 'pass', fails: true }), running).failed).toBe(true);
  });

  test('an aborted signal means the body may still run', () => {
    const controller = new AbortController();
    controller.abort(new Error('Test timed out in 100ms.'));
    expect(attemptOutcome(task({ state: 'fail' }), controller.signal)).toEqual({
      failed: true,
      final: true,
      timedOut: true,
    });
  });
});

describe('willRetry', () => {
  test('only a failed attempt with retries left', () => {
    expect(willRetry(task({ state: 'fail', retry: 2, retryCount: 1 }))).toBe(true);
    expect(willRetry(task({ state: 'fail', retry: 2, retryCount: 2 }))).toBe(false);
    expect(willRetry(task({ state: 'pass', retry: 2 }))).toBe(false);
    expect(willRetry(task({ state: 'fail' }))).toBe(false);
  });

  test('on the raw state: a failing test.fails body is retried', () => {
    expect(willRetry(task({ state: 'fail', fails: true, retry: 1 }))).toBe(true);
  });

  test('the object form and its condition', () => {
    const errors = [{ message: 'network down' }];
    expect(willRetry(task({ state: 'fail', retry: { count: 1 }, errors }))).toBe(true);
    expect(
      willRetry(task({ state: 'fail', retry: { count: 1, condition: /network/ }, errors })),
    ).toBe(true);
    expect(willRetry(task({ state: 'fail', retry: { count: 1, condition: /disk/ }, errors }))).toBe(
      false,
    );
    expect(
      willRetry(task({ state: 'fail', retry: { count: 1, condition: () => false }, errors })),
    ).toBe(false);
    const throwing = () => {
      throw new Error('bad condition');
    };
    expect(
      willRetry(task({ state: 'fail', retry: { count: 1, condition: throwing }, errors })),
    ).toBe(false);
  });

  test('every repeat has its own retries, though retryCount keeps counting', () => {
    const t = task({ state: 'run', retry: 1, retryCount: 1, repeatCount: 1 });
    noteAttemptStart(t);
    Object.assign(t.result!, { state: 'fail', errors: [{ message: 'x' }] });
    // Repeat 1's first attempt: one retry left although retryCount is 1.
    expect(willRetry(t)).toBe(true);
    Object.assign(t.result!, { state: 'run', retryCount: 2 });
    noteAttemptStart(t);
    Object.assign(t.result!, { state: 'fail' });
    expect(willRetry(t)).toBe(false);
  });
});

describe('identity', () => {
  test('title path, attempt, key and project root', () => {
    const t = task({ state: 'run', retryCount: 2, repeatCount: 1 });
    expect(titlePath(t)).toEqual(['outer', 'inner', 'does it']);
    expect(attemptNumber(t)).toBe(3);
    expect(testIdentity(t)).toEqual({
      file: '/project/src/a.test.ts',
      titlePath: ['outer', 'inner', 'does it'],
      attempt: 3,
      key: 'id-1',
      projectRoot: '/project',
    });
  });
});
