/**
 * The repo's check of this example: `node run-shards.mjs` (3 shards in
 * parallel, then `temp-fixtures merge`) exits 0, the merged table lists
 * exactly the tests that fail on purpose, one per shard root it came from,
 * and nothing is left behind.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

test('the sharded-CI simulation merges exactly the failed tests of all shards', () => {
  // The shards must not think they run inside this Vitest.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(VITEST|TEMP_FIXTURES_|KEEP_TMP)/.test(name)),
  );
  const result = spawnSync(process.execPath, ['run-shards.mjs'], {
    cwd: here,
    env,
    encoding: 'utf8',
    timeout: 170_000,
  });
  expect(result.stderr).not.toContain('example failed');
  expect(result.status).toBe(0);
  const table = result.stdout
    .split('\n')
    .filter(
      (line) => /^temp-fixtures-shard-\d\s/.test(line) || /^\.scratch\S*temp-fixtures\s/.test(line),
    );
  expect(table.map((line) => /\s(test\/\S+ > .*?)\s+failed\s/.exec(line)?.[1]).sort()).toEqual([
    'test/slugify.test.js > slugify > folds accented letters',
    'test/titles.test.js > titles reads the first heading of each file',
    'test/word-count.test.js > wordCount > counts words across lines and tabs',
  ]);
  expect(result.stdout).toContain('ok: it lists exactly the failed tests of all shards');
  expect(result.stdout).toContain('cleaned up; the demo behaved as expected');
  expect(fs.existsSync(path.join(here, '.scratch'))).toBe(false);
});
