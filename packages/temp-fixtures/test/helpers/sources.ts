/** The sources of every package of the repo, for the tests that hold rules about them. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repo's `packages/` folder. */
export const PACKAGES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
);

/** Every `.ts` file under a package's `src`, as `<package>/src/<path>` and its text. */
export function packageSources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const pkg of fs.readdirSync(PACKAGES)) {
    const src = path.join(PACKAGES, pkg, 'src');
    if (!fs.existsSync(src)) continue;
    for (const rel of fs.readdirSync(src, { recursive: true }).map(String)) {
      if (!rel.endsWith('.ts')) continue;
      const file = `${pkg}/src/${rel.split(path.sep).join('/')}`;
      out.push({ file, text: fs.readFileSync(path.join(src, rel), 'utf8') });
    }
  }
  return out;
}
