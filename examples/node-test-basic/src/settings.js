/** A settings store: one JSON file per app, replaced atomically on save. */
import fs from 'node:fs/promises';
import path from 'node:path';

/** Reads `<dir>/<app>.json`, or `{}` when there is none yet. */
export async function load(dir, app) {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, `${app}.json`), 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') return {};
    throw error;
  }
}

/** Merges `changes` into the app's settings, writing a temp file then renaming it over. */
export async function save(dir, app, changes) {
  const settings = { ...(await load(dir, app)), ...changes };
  const file = path.join(dir, `${app}.json`);
  await fs.writeFile(`${file}.tmp`, `${JSON.stringify(settings, null, 2)}\n`);
  await fs.rename(`${file}.tmp`, file);
  return settings;
}
