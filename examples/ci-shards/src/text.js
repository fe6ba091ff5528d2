/**
 * The code under test. Two bugs on purpose, each caught by a test that
 * keeps its temp dir under KEEP_TMP=1:
 * - `slugify` drops accented letters instead of folding them;
 * - `wordCount` splits on ' ' only, so tabs and newlines glue words together.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

/** A URL slug: lower case, ASCII letters and digits joined by '-'. */
export function slugify(title) {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The number of words in a text file. */
export async function wordCount(file) {
  const text = (await fs.readFile(file, 'utf8')).trim();
  return text === '' ? 0 : text.split(' ').length;
}

/** Writes each `{ title, body }` post to `<dir>/<slug>.md`; returns the file names. */
export async function writePosts(dir, posts) {
  const names = [];
  for (const post of posts) {
    const name = `${slugify(post.title)}.md`;
    await fs.writeFile(path.join(dir, name), `# ${post.title}\n\n${post.body}\n`);
    names.push(name);
  }
  return names;
}

/** Reads every `.md` file of `dir` into `{ name: firstLine }`, sorted by name. */
export async function titles(dir) {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.md')).sort();
  const result = {};
  for (const name of names) {
    const [first] = (await fs.readFile(path.join(dir, name), 'utf8')).split('\n');
    result[name] = first.replace(/^# /, '');
  }
  return result;
}
