/**
 * Without the reporter, workers share the main Jest process's run. Tests run in it in band (`-i`,
 * or small runs), in a child with process workers, in a thread with `workerThreads`.
 */
import { runnerPid } from 'temp-fixtures/engine';

/** The pid of the main Jest process, seen from the process running the tests. */
export function jestMainPid(): number {
  // jest-worker forks children with an IPC channel, running its processChild.js.
  const inWorkerChild =
    typeof process.send === 'function' && /[\\/]jest-worker[\\/]/.test(process.argv[1] ?? '');
  return runnerPid(inWorkerChild);
}
