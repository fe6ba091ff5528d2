/**
 * Python's finalizers for leaked resources: whatever still owns deletion at
 * process exit is removed by one synchronous `exit` hook.
 */

/** A registered exit-time cleanup; `unregister()` once the owner cleaned up. */
export interface Finalizer {
  unregister(): void;
}

const pending = new Set<() => void>();
let hooked = false;

function runAll(): void {
  for (const cleanup of [...pending]) {
    pending.delete(cleanup);
    try {
      cleanup();
    } catch {
      // Exit-time cleanup is best effort: one failure must not stop the rest.
    }
  }
}

/**
 * Runs `cleanup` synchronously at process exit unless unregistered first.
 * The hook is installed on first use, so importing the library costs nothing.
 */
export function registerFinalizer(cleanup: () => void): Finalizer {
  if (!hooked) {
    hooked = true;
    process.on('exit', runAll);
  }
  pending.add(cleanup);
  return { unregister: () => pending.delete(cleanup) };
}

/** How many finalizers are pending (for tests and diagnostics). */
export function pendingFinalizers(): number {
  return pending.size;
}
