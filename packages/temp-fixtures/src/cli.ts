/**
 * The `temp-fixtures` executable (`bin` of the package, built to
 * `dist/cli.js` with a `#!/usr/bin/env node` banner). See `cli/main.ts`.
 */
import { main, processIo } from './cli/main.js';

/** Replaced by the package's version at build time. */
declare const TEMP_FIXTURES_VERSION: string;

process.exitCode = main(process.argv.slice(2), { ...processIo(), version: TEMP_FIXTURES_VERSION });
