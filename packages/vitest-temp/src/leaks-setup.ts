/** Plugin `setupFiles` entry when leaks are on: module code and `beforeAll` are watched too. */
import { workerEngine } from './worker-engine.js';

workerEngine({}).watchLeaks();
