/**
 * The kept path on the failing test's result: an annotation (default reporter, verbose, JUnit
 * `<property>`, TAP comment) and `task.meta` (JSON `assertionResults[].meta`, custom reporters).
 */
import { formatKeptNote, type KeptEntry } from 'temp-fixtures/engine';
import type { TestContext } from 'vitest';
import type { TestTask } from './identity.js';

/** The `task.meta` key holding the test's kept dirs. */
export const KEPT_META = 'tempFixturesKept';

/** One kept dir, as recorded in `task.meta.tempFixturesKept`. */
export interface KeptMeta {
  /** Absolute path of the kept dir. */
  path: string;
  /** `failed`, or `all` for a passed test kept under `KEEP_TMP=all`. */
  reason: KeptEntry['reason'];
  /** The attempt (0 first, +1 per retry and repeat) that used the dir. */
  attempt: number;
}

/** The annotation type (Vitest prints it in bold before the message). */
const ANNOTATION_TYPE = 'temp-fixtures';

/** Records `kept` in `task.meta` (sent with the result) and, on Vitest >= 3.2, as annotations. */
export async function attachKept(
  task: TestTask,
  context: Partial<Pick<TestContext, 'annotate'>> | undefined,
  kept: readonly KeptEntry[],
): Promise<void> {
  if (kept.length === 0) return;
  const meta = task.meta as Record<string, unknown>;
  const recorded = Array.isArray(meta[KEPT_META]) ? (meta[KEPT_META] as KeptMeta[]) : [];
  for (const { path, reason, attempt } of kept) recorded.push({ path, reason, attempt });
  meta[KEPT_META] = recorded;
  const annotate = context?.annotate;
  const result = task.result;
  if (typeof annotate !== 'function' || result === undefined) return;
  for (const entry of kept) {
    // `annotate` refuses unless the state is `run`, and `onTestFinished` runs after it is set;
    // the check is synchronous, so the state is `run` for that call only.
    const state = result.state;
    let recording: Promise<unknown>;
    try {
      result.state = 'run';
      recording = annotate(formatKeptNote(entry), ANNOTATION_TYPE);
    } catch {
      return;
    } finally {
      result.state = state;
    }
    try {
      await recording;
    } catch {
      // An annotation is a convenience: the report line and kept.json have the path.
    }
  }
}
