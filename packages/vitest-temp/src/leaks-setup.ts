/**
 * Put in every project's `setupFiles` by the plugin when leak detection is
 * on: a test file's module-level code (`const TMP = os.tmpdir()`) and its
 * `beforeAll` hooks run with `os.tmpdir()` already pointing into the run,
 * so they are watched too.
 */
import { workerEngine } from './worker-engine.js';

workerEngine({}).watchLeaks();
