/**
 * Use with `--test-reporter=node-test-temp/reporter`, beside your own. Node loads reporters in the
 * main process before the test files, so the run begins on load (a bad `KEEP_TMP` or root fails
 * `node --test` early; test processes inherit `TEMP_FIXTURES_RUN` to join). When tests end, it
 * prints the kept dirs (nothing if none); each `--watch` rerun is a run.
 */
import { RunSession } from 'temp-fixtures/engine';

let session: RunSession | undefined = RunSession.begin({}, 'node-test-temp/reporter');

async function endRun(): Promise<string> {
  const ending = session;
  session = undefined;
  const text = (await ending?.close()) ?? '';
  return text === '' ? '' : `\n${text}\n`;
}

/** node:test's reporter protocol: events in, text out. */
export default async function* nodeTestTempReporter(
  source: AsyncIterable<{ type: string }>,
): AsyncGenerator<string> {
  for await (const event of source) {
    if (event.type === 'test:watch:drained') {
      // Rerun over: end its run; the next rerun's files join a new one.
      yield await endRun();
      session = RunSession.begin({}, 'node-test-temp/reporter');
    }
  }
  yield await endRun();
}
