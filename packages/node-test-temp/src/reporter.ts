/**
 * `--test-reporter=node-test-temp/reporter`, beside the user's own reporter:
 * the run-level hook. Node loads reporters in the main process before it
 * starts the test files, so the run begins as this module loads (a bad
 * `KEEP_TMP` or root stops `node --test` before any test; the test files'
 * processes inherit `TEMP_FIXTURES_RUN` and join the run). When the tests
 * are over, the run ends and this reporter's output is the summary of kept
 * dirs (nothing when none was kept). Under `--watch` each rerun is a run.
 */
import { RunSession } from 'temp-fixtures/engine';

let session: RunSession | undefined = RunSession.begin({}, 'node-test-temp/reporter');

/** Ends the current run; the summary of its kept dirs, or `''`. */
async function endRun(): Promise<string> {
  const ending = session;
  session = undefined;
  if (ending === undefined) return '';
  try {
    const { summary } = await ending.end();
    return summary === '' ? '' : `\n${summary}\n`;
  } catch (error) {
    return `\nnode-test-temp: could not close the fixture run: ${(error as Error).message}\n`;
  }
}

/** node:test's reporter protocol: an async iterable of events in, text out. */
export default async function* nodeTestTempReporter(
  source: AsyncIterable<{ type: string }>,
): AsyncGenerator<string> {
  for await (const event of source) {
    if (event.type === 'test:watch:drained') {
      // The rerun is over: its run ends, and the next rerun's files join a new one.
      yield await endRun();
      session = RunSession.begin({}, 'node-test-temp/reporter');
    }
  }
  yield await endRun();
}
