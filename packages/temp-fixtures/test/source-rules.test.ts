/**
 * Rules of the sources that only a test can hold: the environment variables
 * of the fixtures are named in one module (`settings.ts`, which also reads
 * them), and the library's process-wide state lives in one (`globals.ts`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGES, packageSources } from './helpers/sources.js';

/** Every code line (comments left out) of every package's `src`, with where it is. */
function codeLines(): { at: string; file: string; line: string }[] {
  return packageSources().flatMap(({ file, text }) =>
    text
      .split('\n')
      .map((line, i) => ({ at: `${file}:${i + 1}`, file, line }))
      .filter(({ line }) => !/^\s*(\*|\/\/|\/\*)/.test(line)),
  );
}

/** A fixtures variable named in code: `'KEEP_TMP'`, `env.TEMP_FIXTURES_ROOT`, ... */
const VARIABLE =
  /['"`](KEEP_TMP|TEMP_FIXTURES_(ROOT|LEAKS|RUN))['"`]|\.(KEEP_TMP|TEMP_FIXTURES_(ROOT|LEAKS|RUN))\b/;
/** Process-wide state: a key every copy of a library finds again. */
const GLOBAL = /Symbol\.for\(/;

const found = (pattern: RegExp, allowed: string[]) =>
  codeLines()
    .filter(({ file, line }) => pattern.test(line) && !allowed.includes(file))
    .map(({ at, line }) => `${at}: ${line.trim()}`);

describe('source rules', () => {
  it('names the environment variables of the fixtures only in settings.ts', () => {
    expect(found(VARIABLE, ['temp-fixtures/src/fixture/settings.ts'])).toEqual([]);
  });

  it("keeps temp-fixtures' process-wide state in globals.ts (jest-temp's bridge and Jest's own RETRY_TIMES key aside)", () => {
    expect(
      found(GLOBAL, [
        'temp-fixtures/src/globals.ts',
        'jest-temp/src/bridge.ts',
        'jest-temp/src/retries.ts',
      ]),
    ).toEqual([]);
  });

  it('gives the tests their hooks only through src/testing.ts, which no export of the package reaches', () => {
    const HOOK = /\b(useRemovalWalk|forceMkstempFallback|pendingFinalizers)\b/;
    const tests = path.join(PACKAGES, 'temp-fixtures', 'test');
    const imports = fs
      .readdirSync(tests, { recursive: true })
      .map(String)
      .filter((rel) => rel.endsWith('.ts'))
      .flatMap((rel) =>
        [
          ...fs
            .readFileSync(path.join(tests, rel), 'utf8')
            .matchAll(/^import\s*\{([^}]*)\}\s*from\s*'([^']+)'/gm),
        ]
          .filter((match) => HOOK.test(match[1]!))
          .map((match) => `${rel}: from '${match[2]}'`),
      );
    expect(imports.length).toBeGreaterThan(5);
    expect(imports.filter((entry) => !entry.endsWith("src/testing.js'"))).toEqual([]);
    const manifest = fs.readFileSync(path.join(PACKAGES, 'temp-fixtures', 'package.json'), 'utf8');
    expect(manifest).not.toContain('testing');
  });

  it('the patterns catch what they are for (the checks can fail)', () => {
    for (const sample of [
      'const v = process.env.KEEP_TMP;',
      "env['TEMP_FIXTURES_ROOT']",
      'env.TEMP_FIXTURES_RUN',
    ]) {
      expect(VARIABLE.test(sample), sample).toBe(true);
    }
    expect(VARIABLE.test('`(KEEP_TMP=all)`')).toBe(false);
    expect(GLOBAL.test("const K = Symbol.for('x');")).toBe(true);
  });
});
