/**
 * The adapter's decisions in isolation, on hand-made jest-circus objects:
 * names, timeout detection, options, retry finality and caller resolution
 * (including the Jest versions not installed here).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CallerResolver } from '../src/caller.js';
import {
  type CircusDescribeBlock,
  type CircusState,
  type CircusTest,
  hasTimeoutError,
  ROOT_DESCRIBE_BLOCK,
  titlePath,
} from '../src/circus.js';
import { readOptions } from '../src/options.js';
import { environmentMismatch } from '../src/reporter.js';
import { RetryLedger } from '../src/retries.js';

const root: CircusDescribeBlock = { type: 'describeBlock', name: ROOT_DESCRIBE_BLOCK };

function block(name: string, parent = root): CircusDescribeBlock {
  return { type: 'describeBlock', name, parent };
}

function makeTest(name: string, parent = root, extra: Partial<CircusTest> = {}): CircusTest {
  return { type: 'test', name, parent, errors: [], invocations: 1, concurrent: false, ...extra };
}

const RETRY_TIMES = Symbol.for('RETRY_TIMES');

describe('titlePath', () => {
  test('lists describe blocks then the title, without the root block', () => {
    const inner = block('inner', block('outer'));
    expect(titlePath(makeTest('works', inner))).toEqual(['outer', 'inner', 'works']);
    expect(titlePath(makeTest('top'))).toEqual(['top']);
  });
});

describe('hasTimeoutError', () => {
  test("spots Jest's timeout rejection (a string) among the attempt's errors", () => {
    const timeout = 'Exceeded timeout of 150 ms for a test.\nAdd a timeout value...';
    expect(hasTimeoutError(makeTest('t', root, { errors: [[timeout, new Error()]] }))).toBe(true);
    expect(
      hasTimeoutError(
        makeTest('t', root, { errors: [new Error('Exceeded timeout of 5 s for a hook.')] }),
      ),
    ).toBe(true);
    expect(
      hasTimeoutError(makeTest('t', root, { errors: [[new Error('boom'), new Error()]] })),
    ).toBe(false);
    expect(hasTimeoutError(makeTest('t'))).toBe(false);
  });
});

describe('readOptions', () => {
  test('picks keep and retainRuns, leaving the base environment its own keys', () => {
    expect(readOptions({ keep: 'failed', retainRuns: 5, url: 'http://x/' })).toEqual({
      keep: 'failed',
      retainRuns: 5,
    });
    expect(readOptions({ keep: 'TRUE' })).toEqual({ keep: 'TRUE' });
    expect(readOptions(undefined)).toEqual({});
  });

  test('rejects a bad keep naming the option and the accepted values', () => {
    expect(() => readOptions({ keep: 'sometimes' })).toThrow(
      expect.objectContaining({
        code: 'ERR_KEEP_TMP',
        message: expect.stringContaining(
          "testEnvironmentOptions.keep must be one of '0', 'false', 'never', '1', 'true', 'failed', 'all'; got \"sometimes\"",
        ),
      }),
    );
    expect(() => readOptions({ keep: 1 })).toThrow('testEnvironmentOptions.keep');
  });

  test('rejects a typo of an option, naming the nearest, and leaves far keys to the base environment', () => {
    expect(() => readOptions({ keeep: 'all', customExportConditions: ['node'] })).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_ARG_VALUE',
        message: expect.stringContaining(
          "testEnvironmentOptions has no option 'keeep'; did you mean 'keep'?",
        ),
      }),
    );
    expect(readOptions({ customExportConditions: ['node'], keep: 'all' })).toEqual({ keep: 'all' });
  });

  test('rejects a retainRuns that is not an integer >= 1', () => {
    for (const retainRuns of [0, 1.5, '3']) {
      expect(() => readOptions({ retainRuns })).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
      );
    }
  });
});

describe('RetryLedger', () => {
  test('jest.retryTimes(n): a failed attempt is final once n retries were used', () => {
    const ledger = new RetryLedger();
    const global = { [RETRY_TIMES]: 2 };
    const test = makeTest('flaky');
    for (const [invocations, final] of [
      [1, false],
      [2, false],
      [3, true],
    ] as const) {
      test.invocations = invocations;
      ledger.started(test);
      expect(ledger.isFinalFailure(test, undefined, global)).toBe(final);
    }
    expect(ledger.isFinalFailure(makeTest('no retries'), undefined, {})).toBe(true);
  });

  test('a test that starts with errors (failed beforeAll) is never retried', () => {
    const ledger = new RetryLedger();
    const test = makeTest('t', root, { errors: [new Error('beforeAll')] });
    ledger.started(test);
    expect(ledger.isFinalFailure(test, undefined, { [RETRY_TIMES]: 3 })).toBe(true);
  });

  test('entire-describe retries: final once every enclosing retried block is out of retries', () => {
    const ledger = new RetryLedger();
    const outer = block('outer');
    const inner = block('inner', outer);
    const test = makeTest('t', inner);
    const state: CircusState = {
      describeRetryOptions: new Map([
        [outer, { numRetries: 1 }],
        [inner, { numRetries: 1 }],
      ]),
    };
    const global = { [RETRY_TIMES]: 5 }; // test-level retries are off inside such a block
    expect(ledger.isFinalFailure(test, state, global)).toBe(false);
    ledger.describeRetried(inner);
    expect(ledger.isFinalFailure(test, state, global)).toBe(false);
    ledger.describeRetried(outer); // the inner block starts counting afresh
    expect(ledger.isFinalFailure(test, state, global)).toBe(false);
    ledger.describeRetried(inner);
    expect(ledger.isFinalFailure(test, state, global)).toBe(true);
  });
});

describe('CallerResolver', () => {
  const expectWith = (state: object) => ({ getState: () => state });

  test('Jest 30.5+: the test currentTestIdentity names, even among concurrent ones', () => {
    const resolver = new CallerResolver();
    const a = makeTest('a', root, { concurrent: true });
    const b = makeTest('b', root, { concurrent: true });
    let current: CircusTest | undefined = b;
    resolver.useExpect(expectWith({ currentTestIdentity: () => current }));
    resolver.started(a);
    resolver.started(b);
    expect(resolver.resolve()).toBe(b);
    current = a;
    expect(resolver.resolve()).toBe(a);
    current = undefined;
    expect(() => resolver.resolve()).toThrow(expect.objectContaining({ code: 'ERR_NO_TEST' }));
  });

  test('without currentTestIdentity: the running sequential test, or a loud error for concurrent bodies', () => {
    const resolver = new CallerResolver();
    let concurrentName: string | undefined;
    resolver.useExpect(expectWith({ currentConcurrentTestName: () => concurrentName }));
    const sequential = makeTest('seq');
    resolver.started(sequential);
    expect(resolver.resolve()).toBe(sequential);
    concurrentName = 'body';
    expect(() => resolver.resolve()).toThrow(
      expect.objectContaining({ code: 'ERR_CONCURRENT_TEST' }),
    );
    concurrentName = undefined;
    resolver.ended(sequential);
    expect(() => resolver.resolve()).toThrow(expect.objectContaining({ code: 'ERR_NO_TEST' }));
    // A concurrent test that started (Jest 30.0-30.4 order) cannot be told from others.
    resolver.started(makeTest('c', root, { concurrent: true }));
    expect(() => resolver.resolve()).toThrow(
      expect.objectContaining({ code: 'ERR_CONCURRENT_TEST' }),
    );
  });

  test('Jest < 29.6 (no way to see concurrent bodies): a file with concurrent tests fails loudly outside sequential tests', () => {
    const resolver = new CallerResolver();
    resolver.useExpect(expectWith({}));
    resolver.declared(makeTest('c', root, { concurrent: true }));
    expect(() => resolver.resolve()).toThrow(
      expect.objectContaining({ code: 'ERR_CONCURRENT_TEST' }),
    );
  });
});

describe('the jest-environment-node major check', () => {
  function projectWithJest(version: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-major-'));
    fs.mkdirSync(path.join(dir, 'node_modules', 'jest'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), '{}');
    fs.writeFileSync(
      path.join(dir, 'node_modules', 'jest', 'package.json'),
      JSON.stringify({ name: 'jest', version }),
    );
    return dir;
  }

  test('warns when the project’s jest is of another major than jest-environment-node', () => {
    const { version } = createRequire(import.meta.url)('jest-environment-node/package.json') as {
      version: string;
    };
    const major = Number.parseInt(version, 10);
    const other = projectWithJest(`${major - 1}.7.0`);
    const same = projectWithJest(`${major}.0.0`);
    try {
      expect(environmentMismatch(other)).toBe(
        `jest-temp: jest-environment-node ${major} is loaded with jest ${major - 1}; their majors ` +
          `must match: install jest-environment-node@${major - 1}`,
      );
      expect(environmentMismatch(same)).toBeUndefined();
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
      fs.rmSync(same, { recursive: true, force: true });
    }
  });
});
