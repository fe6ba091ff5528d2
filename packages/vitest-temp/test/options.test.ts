/**
 * The options of `tempFixturesPlugin()` and `tempFixtures()` are the core's,
 * checked at once: a misspelt key stops the config (or the test file) with
 * the nearest option's name instead of running as if unset. And the README's
 * `vi.mock` block, run as written: `vi` from 'vitest' beside the fixtures.
 */
import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { tempFixtures } from '../src/fixtures.js';
import { tempFixturesPlugin } from '../src/plugin.js';
import { BARE_CONFIG, vitest, vitestProject } from './support/e2e.js';

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

describe('vi.mock beside the fixtures (the README snippet, through the real binary)', () => {
  test('vi from vitest hoists; the test uses its fixtures and the mock', async () => {
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = /```ts\n(import \{ vi \} from 'vitest';[\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'the README block').toBeDefined();
    const project = vitestProject({ 'mock.test.ts': block!, 'vitest.config.js': BARE_CONFIG });
    try {
      const result = await vitest(project, { args: ['--testTimeout', '60000'] });
      expect(result.output).toContain('1 passed');
      expect(result.code, result.output).toBe(0);
    } finally {
      project.remove();
    }
  }, 120_000);
});
