/**
 * One error style across the packages: a coded error is made by a factory
 * (`codedError`, `argTypeError`, `argValueError`, ... in `src/errors.ts`;
 * jest-temp's `jestTempError`, which cannot load the engine), never by hand,
 * and every code a package throws is in the table of codes in this package's
 * README.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGES, packageSources } from './helpers/sources.js';

const README = path.join(PACKAGES, 'temp-fixtures', 'README.md');

/** The factory modules: the only places a code is attached by hand. */
const FACTORIES = ['temp-fixtures/src/errors.ts', 'jest-temp/src/errors.ts'];

/** A coded error made by hand: `Object.assign(new XError(...), { code })`, `{ code: 'ERR_…' }`, `.code = 'ERR_…'`. */
const BY_HAND = [/Object\.assign\(\s*new \w*Error\b/, /\bcode:\s*'ERR_/, /\.code\s*=\s*'ERR_/];

describe('error style', () => {
  const files = packageSources();

  it('reads the sources of every package', () => {
    const packages = new Set(files.map((entry) => entry.file.split('/')[0]));
    expect([...packages].sort()).toEqual(
      expect.arrayContaining(['jest-temp', 'node-test-temp', 'temp-fixtures', 'vitest-temp']),
    );
  });

  it('makes no coded error by hand outside the factories', () => {
    const found = files
      .filter((entry) => !FACTORIES.includes(entry.file))
      .flatMap(({ file, text }) =>
        text
          .split('\n')
          .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
          .filter(({ line }) => BY_HAND.some((pattern) => pattern.test(line)))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    expect(found).toEqual([]);
  });

  it('catches a hand-made coded error (the check can fail)', () => {
    const sample = "throw Object.assign(new TypeError('x'), { code: 'ERR_X' });";
    expect(BY_HAND.filter((pattern) => pattern.test(sample))).toHaveLength(2);
  });

  it('lists every code the packages throw in the README table of codes', () => {
    const readme = fs.readFileSync(README, 'utf8');
    const table = readme.slice(readme.indexOf('## Error codes'));
    const thrown = new Set(
      files.flatMap(({ text }) => [...text.matchAll(/'(ERR_[A-Z_]+)'/g)].map((match) => match[1]!)),
    );
    // Node's own codes read (not thrown) by the packages.
    for (const read of [
      'ERR_MODULE_NOT_FOUND',
      'ERR_PARSE_ARGS_UNKNOWN_OPTION',
      'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
    ]) {
      thrown.delete(read);
    }
    const missing = [...thrown].filter((code) => !table.includes(`\`${code}\``)).sort();
    expect(missing).toEqual([]);
  });

  it("uses one code scheme, Node's: ERR_ and what went wrong, no package prefix", () => {
    const codes = files.flatMap(({ file, text }) =>
      [...text.matchAll(/'(ERR_[A-Z_]+)'/g)].map((match) => `${file}: ${match[1]}`),
    );
    expect(codes.length).toBeGreaterThan(20);
    expect(
      codes.filter((entry) =>
        /: ERR_(TEMP_FIXTURES|JEST_TEMP|VITEST_TEMP|NODE_TEST_TEMP)_/.test(entry),
      ),
    ).toEqual([]);
  });
});
