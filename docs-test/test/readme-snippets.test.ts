/**
 * Docs are tests: see ../src/snippets.ts for what is checked and how, and
 * for the `// assumes:` syntax.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Block,
  check,
  collectBlocks,
  SNIPPETS,
  splitAssumptions,
  withAssumptions,
} from '../src/snippets.js';

const { readmes, blocks } = collectBlocks();
let errors = new Map<string, string[]>();

beforeAll(() => {
  errors = new Map([
    ...check(
      blocks.filter((b) => !b.jest),
      false,
    ),
    ...check(
      blocks.filter((b) => b.jest),
      true,
    ),
  ]);
});

describe('README code blocks', () => {
  it('finds every README and its code blocks', () => {
    for (const expected of [
      'README.md',
      'packages/temp-fixtures/README.md',
      'packages/vitest-temp/README.md',
      'packages/jest-temp/README.md',
      'packages/node-test-temp/README.md',
      'bench/README.md',
    ]) {
      expect(readmes).toContain(expected);
    }
    for (const readme of [
      'README.md',
      'packages/temp-fixtures/README.md',
      'packages/vitest-temp/README.md',
      'packages/jest-temp/README.md',
      'packages/node-test-temp/README.md',
    ]) {
      expect(blocks.filter((b) => b.readme === readme).length, readme).toBeGreaterThan(1);
    }
  });

  it('leaves no program-wide error', () => {
    expect(errors.get('(program)') ?? []).toEqual([]);
  });

  it.each(
    blocks.map((b) => [`${b.readme}:${b.line} (${b.lang}${b.jest ? ', jest' : ''})`, b] as const),
  )('%s type-checks under strict', (_, block) => {
    expect(errors.get(block.file) ?? []).toEqual([]);
  });
});

describe('the "// assumes:" syntax', () => {
  it('declares each name on the comment line', () => {
    const code =
      '// assumes: request: AsyncIterable<Uint8Array>, f: (a: string, b: Map<string, number>) => Promise<void>\nf(1);';
    expect(withAssumptions(code, 'ts')).toBe(
      'declare const request: AsyncIterable<Uint8Array>; declare const f: (a: string, b: Map<string, number>) => Promise<void>;\nf(1);',
    );
    expect(withAssumptions('// assumes: x: number\nx;', 'js')).toBe(
      '/** @type {number} */ const x = /** @type {any} */ (undefined);\nx;',
    );
    expect(() => splitAssumptions('oops')).toThrow(/name: Type/);
  });

  it('catches what it should: a wrong snippet fails', () => {
    const bad: Block = {
      readme: 'x.md',
      line: 10,
      lang: 'ts',
      code: "import { test } from 'vitest-temp';\ntest('x', ({ tmpDirr }) => {});",
      jest: false,
      file: path.join(SNIPPETS, 'self-check.ts'),
    };
    const found = check([bad], false).get(bad.file) ?? [];
    expect(found.join('\n')).toMatch(/^x\.md:11:\d+: TS\d+: .*tmpDirr/m);
  });
});
