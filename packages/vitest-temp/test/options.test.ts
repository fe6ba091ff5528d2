/**
 * The options of `tempFixturesPlugin()` and `tempFixtures()` are the core's,
 * checked at once: a misspelt key stops the config (or the test file) with
 * the nearest option's name instead of running as if unset.
 */
import { describe, expect, test } from 'vitest';
import { tempFixtures } from '../src/fixtures.js';
import { tempFixturesPlugin } from '../src/plugin.js';

describe('unknown option keys', () => {
  test.each([
    ['tempFixturesPlugin(options)', (o: object) => tempFixturesPlugin(o as never)],
    ['tempFixtures(options)', (o: object) => tempFixtures(o as never)],
  ])('%s refuses a typo, naming the nearest option', (source, make) => {
    expect(() => make({ keeep: 'all' })).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_ARG_VALUE',
        message: `${source} has no option 'keeep'; did you mean 'keep'? (accepted: keep, root, retainRuns, leaks)`,
      }),
    );
    expect(() => make({ keep: 'all' })).not.toThrow();
  });
});
