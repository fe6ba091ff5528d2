/**
 * Names and paths that hold on every platform, through a real Vitest run:
 * test dirs named from hostile titles are valid Windows names and never
 * differ from a sibling only by case; every path handed to a test is real
 * (no link component, as macOS's `/var`). The exFAT lane runs this file
 * with the root on a case-insensitive filesystem without links or modes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Project } from '@temp-fixtures/test-support';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  BARE_CONFIG,
  IMPORT,
  keptEntries,
  onlyRun,
  siblingRoot,
  vitest,
  vitestProject,
} from './support/e2e.js';

const TITLES = [
  'Case',
  'case',
  'CASE',
  'CON',
  'nul.txt',
  'trailing dot.',
  'trailing space ',
  'a<b>:c"d|e?f*g\\h/i',
];

const NAMES = `${IMPORT}
import fs from 'node:fs';
for (const title of ${JSON.stringify(TITLES)}) {
  test(title, async ({ tmpDir, tmp }) => {
    await tmp.write('title.txt', title);
    expect(fs.realpathSync(tmpDir)).toBe(tmpDir);
  });
}
`;

/** Names Windows refuses or rewrites: reserved devices, trailing dot or space, `<>:"/\\|?*`. */
const WINDOWS_INVALID =
  /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$|[. ]$|[<>:"/\\|?*]|[^\x20-\u{10ffff}]/iu;

let project: Project;

beforeAll(() => {
  project = vitestProject({ 'names.test.js': NAMES, 'bare.config.js': BARE_CONFIG });
});
afterAll(() => project.remove());

test('hostile titles get valid Windows names, distinct whatever the case', async () => {
  const root = siblingRoot(project, 'names');
  const result = await vitest(project, {
    root,
    args: ['--config', 'bare.config.js'],
    env: { KEEP_TMP: 'all' },
  });
  expect(result.code, result.output).toBe(0);
  const entries = keptEntries(onlyRun(root));
  expect(entries.map((entry) => entry.name).sort()).toEqual([...TITLES].sort());
  const names = entries.map((entry) => path.basename(entry.path));
  for (const name of names) expect(name).not.toMatch(WINDOWS_INVALID);
  expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(TITLES.length);
  for (const entry of entries) {
    expect(fs.readFileSync(path.join(entry.path, 'title.txt'), 'utf8')).toBe(entry.name);
    expect(fs.realpathSync(entry.path)).toBe(entry.path);
  }
});

test('a root reached through a linked temp dir hands tests real paths (macOS /var)', async () => {
  // Beside the project, where links can be made (a lane may put roots on exFAT).
  const base = path.dirname(project.dir);
  const real = path.join(base, 'private-var');
  fs.mkdirSync(real);
  const linked = path.join(base, 'var');
  fs.symlinkSync(real, linked);
  const result = await vitest(project, {
    root: path.join(linked, 'root'),
    args: ['--config', 'bare.config.js'],
    env: { KEEP_TMP: 'all' },
  });
  expect(result.code, result.output).toBe(0);
  const entries = keptEntries(onlyRun(path.join(real, 'root')));
  expect(entries).toHaveLength(TITLES.length);
  for (const entry of entries) {
    expect(entry.path.startsWith(`${real}${path.sep}`)).toBe(true);
    expect(fs.realpathSync(entry.path)).toBe(entry.path);
  }
});
