/**
 * The `temp-fixtures` executable (`bin` of the package, built to
 * `dist/cli.js` with a `#!/usr/bin/env node` banner). See `cli/main.ts`.
 */
import { main } from './cli/main.js';

process.exitCode = main(process.argv.slice(2));
