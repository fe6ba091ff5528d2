/**
 * Docs are tests. Every ```ts / ```typescript / ```js / ```javascript code
 * block of every README.md in the repository is type-checked under `strict`
 * TypeScript against the workspace packages as a user gets them: imports of
 * `temp-fixtures`, `vitest-temp` and `jest-temp` resolve through this
 * package's node_modules to the packages' built `dist` types (turbo builds
 * them first).
 *
 * - A TypeScript block is checked as an ES module `.ts` file (top-level
 *   `await` allowed); a JavaScript block as `.cjs` when it uses `require` or
 *   `module.exports`, otherwise as `.mjs`, with `checkJs`.
 * - A block that names Jest (or any block of jest-temp's README) sees Jest's
 *   globals (`test`, `expect`, ...), typed from `@jest/globals`; other
 *   blocks see none, so a Vitest snippet must import what it uses.
 * - A block may declare the names it assumes in comments at its very top:
 *
 *       // assumes: request: AsyncIterable<Uint8Array>, secret: string
 *       // assumes: rotate: (dir: string, file: string) => Promise<void>
 *
 *   Each `name: Type` (comma-separated; commas inside brackets and arrows
 *   are fine) becomes `declare const name: Type;` (in JavaScript, a
 *   JSDoc-typed `const`), written on the comment's own line so positions in
 *   errors stay those of the README.
 * - Blocks in other languages (sh, plain text, json) are not checked.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const HERE = path.resolve(import.meta.dirname, '..');
const REPO = path.resolve(HERE, '..');
export const SNIPPETS = path.join(HERE, 'readme-snippets');
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', '.turbo', '.git']);
const LANGS: Record<string, 'ts' | 'js'> = {
  ts: 'ts',
  typescript: 'ts',
  js: 'js',
  javascript: 'js',
};

export interface Block {
  readme: string; // relative to the repository root
  line: number; // 1-based line of the block's first code line in the README
  lang: 'ts' | 'js';
  code: string;
  jest: boolean;
  file: string; // the virtual file it is checked as
}

function findReadmes(dir: string, depth = 0): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (depth < 3 && !SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) {
        found.push(...findReadmes(path.join(dir, entry.name), depth + 1));
      }
    } else if (entry.name === 'README.md') {
      found.push(path.join(dir, entry.name));
    }
  }
  return found.sort();
}

/** Fenced blocks (``` or ~~~, indented too, e.g. inside a list item). */
function extractBlocks(markdown: string): { lang: string; line: number; code: string }[] {
  const lines = markdown.split('\n');
  const blocks: { lang: string; line: number; code: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]!);
    if (open === null) continue;
    const [, indent, fence, lang] = open as unknown as [string, string, string, string];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      const close = /^ *(`{3,}|~{3,})\s*$/.exec(line);
      if (close !== null && close[1]![0] === fence[0] && close[1]!.length >= fence.length) break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    blocks.push({ lang: lang.toLowerCase(), line: i + 2, code: body.join('\n') });
    i = j;
  }
  return blocks;
}

/** Splits `a: T, b: (x: U, y: V) => W` at the commas outside brackets. */
export function splitAssumptions(text: string): { name: string; type: string }[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    else if (c === ')' || c === ']' || c === '}' || (c === '>' && text[i - 1] !== '=')) depth--;
    else if (c === ',' && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  items.push(text.slice(start));
  return items
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const match = /^([A-Za-z_$][\w$]*)\s*:\s*([\s\S]+)$/.exec(item);
      if (match === null) throw new Error(`bad "// assumes:" item '${item}' (want name: Type)`);
      return { name: match[1]!, type: match[2]! };
    });
}

/** Replaces the leading `// assumes:` lines with declarations, line for line. */
export function withAssumptions(code: string, lang: 'ts' | 'js'): string {
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^\s*\/\/\s*assumes:(.*)$/.exec(lines[i]!);
    if (match === null) {
      if (lines[i]!.trim() === '' || lines[i]!.trim().startsWith('//')) continue;
      break;
    }
    lines[i] = splitAssumptions(match[1]!)
      .map(({ name, type }) =>
        lang === 'ts'
          ? `declare const ${name}: ${type};`
          : `/** @type {${type}} */ const ${name} = /** @type {any} */ (undefined);`,
      )
      .join(' ');
  }
  return lines.join('\n');
}

const JEST_GLOBALS = path.join(SNIPPETS, 'jest-globals.d.ts');
const JEST_GLOBALS_TEXT = `import type * as G from '@jest/globals';
declare global {
  const afterAll: typeof G.afterAll;
  const afterEach: typeof G.afterEach;
  const beforeAll: typeof G.beforeAll;
  const beforeEach: typeof G.beforeEach;
  const describe: typeof G.describe;
  const expect: typeof G.expect;
  const it: typeof G.it;
  const jest: typeof G.jest;
  const test: typeof G.test;
}
export {};
`;

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  moduleDetection: ts.ModuleDetectionKind.Force,
  types: ['node'],
  allowJs: true,
  checkJs: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
};

export function collectBlocks(): { readmes: string[]; blocks: Block[] } {
  const readmes = findReadmes(REPO);
  const blocks: Block[] = [];
  for (const readme of readmes) {
    const rel = path.relative(REPO, readme).split(path.sep).join('/');
    for (const raw of extractBlocks(fs.readFileSync(readme, 'utf8'))) {
      const lang = LANGS[raw.lang];
      if (lang === undefined) continue;
      const jest = rel === 'packages/jest-temp/README.md' || /\bjest\b/i.test(raw.code);
      const ext =
        lang === 'ts' ? 'ts' : /\brequire\(|\bmodule\.exports\b/.test(raw.code) ? 'cjs' : 'mjs';
      const name = `${rel.replace(/[^\w.-]+/g, '_')}-L${raw.line}.${ext}`;
      blocks.push({
        readme: rel,
        line: raw.line,
        lang,
        code: raw.code,
        jest,
        file: path.join(SNIPPETS, name),
      });
    }
  }
  return { readmes: readmes.map((r) => path.relative(REPO, r).split(path.sep).join('/')), blocks };
}

/** Type-checks `blocks` in one program; returns the formatted errors by virtual file. */
export function check(blocks: Block[], jest: boolean): Map<string, string[]> {
  const virtual = new Map<string, string>();
  for (const block of blocks) virtual.set(block.file, withAssumptions(block.code, block.lang));
  if (jest) virtual.set(JEST_GLOBALS, JEST_GLOBALS_TEXT);
  const host = ts.createCompilerHost(OPTIONS, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => virtual.has(path.resolve(file)) || fileExists.call(host, file);
  host.readFile = (file) => virtual.get(path.resolve(file)) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, onError, create) => {
    const text = virtual.get(path.resolve(file));
    return text === undefined
      ? getSourceFile.call(host, file, language, onError, create)
      : ts.createSourceFile(file, text, language, true);
  };
  const program = ts.createProgram([...virtual.keys()], OPTIONS, host);
  const errors = new Map<string, string[]>();
  const byFile = new Map(blocks.map((b) => [b.file, b]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const file = d.file === undefined ? '' : path.resolve(d.file.fileName);
    const block = byFile.get(file);
    let where = file === '' ? '(program)' : path.relative(REPO, file);
    if (block !== undefined && d.file !== undefined && d.start !== undefined) {
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      where = `${block.readme}:${block.line + line}:${character + 1}`;
    }
    const key = block?.file ?? '(program)';
    errors.set(key, [...(errors.get(key) ?? []), `${where}: TS${d.code}: ${message}`]);
  }
  return errors;
}
