/**
 * Stress (`pnpm test:stress`, run by CI) of the command line: `ls` and
 * `merge` over a hostile `kept.json` of 200,000 entries (cli.test.ts runs
 * the same scenario with 2,000).
 */

import { useScratchRoot } from './fixture/helpers/scratch.js';
import { hostileKeptJson, useCli } from './helpers/cli.js';

const scratch = useScratchRoot();
const { cli } = useCli(scratch);

hostileKeptJson(cli, scratch, 200_000);
