/**
 * The code under test, with a bug on purpose: it splits rows on '\n' only,
 * so files with Windows line endings keep a '\r' in their last column.
 */
import fs from 'node:fs/promises';

/** Reads a CSV file into objects keyed by the header row. */
export async function readCsv(file) {
  const [header, ...rows] = (await fs.readFile(file, 'utf8')).trim().split('\n');
  const keys = header.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((value, i) => [keys[i], value])));
}
