/**
 * Python's finalizers for leaked resources: whatever still owns deletion at
 * process exit is removed by one synchronous `exit` hook, and by the same
 * cleanups on SIGINT (Ctrl-C) and SIGTERM, which end a process without an
 * `exit` event.
 */
import { shared } from './globals.js';
import { isMainThread } from './platform.js';

/** A registered exit-time cleanup; `unregister()` once the owner cleaned up. */
export interface Finalizer {
  unregister(): void;
}

/**
 * The cleanups pending in this process, shared by every copy of this module
 * (a runner may evaluate the library once per test file), with the one exit
 * listener and the signal listener installed while any is pending.
 */
interface Registry {
  pending: Set<() => void>;
  onExit: () => void;
  onSignal: ((signal: NodeJS.Signals) => void) | undefined;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function registry(): Registry {
  return shared(
    'finalizers',
    () => {
      const state: Registry = {
        pending: new Set(),
        onExit: () => runAll(state),
        onSignal: undefined,
      };
      process.on('exit', state.onExit);
      return state;
    },
    process,
  );
}

function runAll(state: Registry): void {
  for (const cleanup of [...state.pending]) {
    state.pending.delete(cleanup);
    try {
      cleanup();
    } catch {
      // Exit-time cleanup is best effort: one failure must not stop the rest.
    }
  }
  unhookSignals(state);
}

/**
 * While cleanups are pending, a SIGINT or SIGTERM that would end the process
 * (nobody else listens) runs them, then ends it by the same signal. With
 * another listener the process may live on (a graceful shutdown): the exit
 * hook runs them when it does end. Signals reach only the main thread.
 */
function hookSignals(state: Registry): void {
  if (state.onSignal !== undefined || !isMainThread()) return;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (process.listenerCount(signal) > 1) return;
    runAll(state);
    for (const name of SIGNALS) process.removeListener(name, onSignal);
    state.onSignal = undefined;
    process.kill(process.pid, signal);
  };
  state.onSignal = onSignal;
  for (const name of SIGNALS) process.on(name, onSignal);
}

function unhookSignals(state: Registry): void {
  if (state.pending.size > 0 || state.onSignal === undefined) return;
  for (const name of SIGNALS) process.removeListener(name, state.onSignal);
  state.onSignal = undefined;
}

/**
 * Runs `cleanup` synchronously at process exit, SIGINT or SIGTERM, unless
 * unregistered first. The hooks are installed on first use, so importing the
 * library costs nothing.
 */
export function registerFinalizer(cleanup: () => void): Finalizer {
  const state = registry();
  state.pending.add(cleanup);
  hookSignals(state);
  return {
    unregister: () => {
      state.pending.delete(cleanup);
      unhookSignals(state);
    },
  };
}

/** How many finalizers are pending (for tests and diagnostics). */
export function pendingFinalizers(): number {
  return registry().pending.size;
}
