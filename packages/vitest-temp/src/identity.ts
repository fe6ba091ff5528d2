/** Who a Vitest test attempt is, in engine terms: task tree, `task.id`, retry/repeat counts. */
import type { TestIdentity } from 'temp-fixtures/engine';
import type { TestContext } from 'vitest';

/** Vitest's test task (`RunnerTestCase`), named the same way in Vitest 3 to 5. */
export type TestTask = TestContext['task'];
type SuiteTask = NonNullable<TestTask['suite']>;

/** Describe blocks (outermost first) then the test's title. */
export function titlePath(task: TestTask): string[] {
  const path = [task.name];
  // The file is a suite too (it has `filepath`): stop below it.
  for (
    let suite: SuiteTask | undefined = task.suite;
    suite && !('filepath' in suite);
    suite = suite.suite
  ) {
    path.unshift(suite.name);
  }
  return path;
}

/** Attempt number, 0 first: `retryCount` is never reset between repeats, so add `repeatCount`. */
export function attemptNumber(task: TestTask): number {
  return (task.result?.retryCount ?? 0) + (task.result?.repeatCount ?? 0);
}

/** The root Vitest reports the file against: `file.name` is `file.filepath` relative to it. */
function projectRootOf(task: TestTask): string | undefined {
  const { filepath, name } = task.file;
  const suffix = `/${name}`;
  const normalised = filepath.replaceAll('\\', '/');
  return normalised.endsWith(suffix) ? filepath.slice(0, -suffix.length) : undefined;
}

/** The engine identity of the task's current attempt. */
export function testIdentity(task: TestTask): TestIdentity {
  const identity: TestIdentity = {
    file: task.file.filepath,
    titlePath: titlePath(task),
    attempt: attemptNumber(task),
    key: task.id,
  };
  const projectRoot = projectRootOf(task);
  if (projectRoot !== undefined) identity.projectRoot = projectRoot;
  return identity;
}
