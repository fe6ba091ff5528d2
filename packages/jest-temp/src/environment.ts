/** Per-test fixtures on any Jest environment; `'jest-temp'` wraps jest-environment-node. */
import { TestEnvironment as NodeEnvironment } from 'jest-environment-node';
import { FIXTURE_NAMES, getEngine, symlink } from 'temp-fixtures/engine';
import { BRIDGE, type Bridge } from './bridge.js';
import type { CircusEvent, CircusState } from './circus.js';
import { FileTracker } from './file-tracker.js';
import { readOptions } from './options.js';
import { jestMainPid } from './owner.js';

/** What the wrapper needs from a base environment (every Jest environment has it). */
export interface BaseEnvironment {
  global: object;
  handleTestEvent?(event: never, state: never): unknown;
  teardown(): Promise<void>;
}

/** A Jest environment class (constructed with `(config, context)`). */
// biome-ignore lint/suspicious/noExplicitAny: a mixin's constructor must take `any[]`.
export type EnvironmentClass = new (...args: any[]) => BaseEnvironment;

interface EnvironmentArgs {
  config?: { projectConfig?: { rootDir?: string; testEnvironmentOptions?: unknown } };
  context?: { testPath?: string };
}

const trackers = new WeakMap<object, FileTracker>();

function createTracker({ config, context }: EnvironmentArgs, testGlobal: object): FileTracker {
  const projectConfig = config?.projectConfig ?? {};
  const testPath = context?.testPath;
  if (typeof testPath !== 'string') {
    throw new TypeError('jest-temp: the environment was constructed without context.testPath');
  }
  const engine = getEngine({
    ...readOptions(projectConfig.testEnvironmentOptions),
    ...(projectConfig.rootDir === undefined ? {} : { projectRoot: projectConfig.rootDir }),
    ownerPid: jestMainPid(),
  });
  return new FileTracker(engine, testPath, testGlobal);
}

function installBridge(testGlobal: object, tracker: FileTracker): void {
  const bridge: Bridge = {
    current: () => tracker.current(),
    fileDir: () => tracker.fileDir(),
    symlink,
  };
  Object.defineProperty(testGlobal, BRIDGE, { value: bridge, configurable: true });
  for (const name of FIXTURE_NAMES) {
    Object.defineProperty(testGlobal, name, {
      configurable: true,
      get: () => tracker.current()[name],
      // Test code may define its own global of that name: let it.
      set(value: unknown) {
        Object.defineProperty(testGlobal, name, {
          value,
          writable: true,
          configurable: true,
          enumerable: true,
        });
      },
    });
  }
}

/** `Base` plus per-test fixtures (imports and globals), kept per `keep` option / `KEEP_TMP`. */
export function withTempFixtures<T extends EnvironmentClass>(Base: T): T {
  return class TempFixturesEnvironment extends Base {
    // biome-ignore lint/suspicious/noExplicitAny: a mixin's constructor must take `any[]`.
    constructor(...args: any[]) {
      super(...args);
      const tracker = createTracker({ config: args[0], context: args[1] }, this.global);
      trackers.set(this, tracker);
      installBridge(this.global, tracker);
    }

    override handleTestEvent(event: never, state: never): unknown {
      trackers.get(this)?.handle(event as CircusEvent, state as CircusState);
      return super.handleTestEvent?.(event, state);
    }

    override async teardown(): Promise<void> {
      const tracker = trackers.get(this);
      // Before Jest hears the file is done: nothing may wait for the worker's exit.
      await tracker?.settle();
      await super.teardown();
    }
  };
}

/** `jest-environment-node` with the fixtures: `testEnvironment: 'jest-temp'`. */
export const TestEnvironment: typeof NodeEnvironment = withTempFixtures(NodeEnvironment);
export default TestEnvironment;
