/**
 * The Jest process whose workers share one run when no reporter begins one:
 * the main Jest process. Tests run there in band (`-i`, or when Jest decides
 * a small run is faster in band), in a child of it with process workers, and
 * in a thread of it with `workerThreads`.
 */
import { runnerPid } from 'temp-fixtures/engine';

/** The pid of the main Jest process, seen from the process running the tests. */
export function jestMainPid(): number {
  // jest-worker forks children with an IPC channel, running its processChild.js.
  const inWorkerChild =
    typeof process.send === 'function' && /[\\/]jest-worker[\\/]/.test(process.argv[1] ?? '');
  return runnerPid(inWorkerChild);
}
