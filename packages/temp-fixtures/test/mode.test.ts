import { describe, expect, it } from 'vitest';
import { parseMode, resolveEncoding } from '../src/mode.js';

// Every mode CPython 3.11's open() accepts among all strings of up to four
// characters over 'rwxab+tU' (collected by trying each one).
const CPYTHON_MODES = [
  '+a',
  '+ab',
  '+at',
  '+ba',
  '+br',
  '+bw',
  '+bx',
  '+r',
  '+rb',
  '+rt',
  '+ta',
  '+tr',
  '+tw',
  '+tx',
  '+w',
  '+wb',
  '+wt',
  '+x',
  '+xb',
  '+xt',
  'a',
  'a+',
  'a+b',
  'a+t',
  'ab',
  'ab+',
  'at',
  'at+',
  'b+a',
  'b+r',
  'b+w',
  'b+x',
  'ba',
  'ba+',
  'br',
  'br+',
  'bw',
  'bw+',
  'bx',
  'bx+',
  'r',
  'r+',
  'r+b',
  'r+t',
  'rb',
  'rb+',
  'rt',
  'rt+',
  't+a',
  't+r',
  't+w',
  't+x',
  'ta',
  'ta+',
  'tr',
  'tr+',
  'tw',
  'tw+',
  'tx',
  'tx+',
  'w',
  'w+',
  'w+b',
  'w+t',
  'wb',
  'wb+',
  'wt',
  'wt+',
  'x',
  'x+',
  'x+b',
  'x+t',
  'xb',
  'xb+',
  'xt',
  'xt+',
];

function* allStrings(alphabet: string, maxLength: number): Generator<string> {
  let level = [''];
  for (let n = 1; n <= maxLength; n++) {
    level = level.flatMap((prefix) => [...alphabet].map((c) => prefix + c));
    yield* level;
  }
}

function accepts(mode: string): boolean {
  try {
    parseMode(mode);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(RangeError);
    return false;
  }
}

describe('parseMode', () => {
  it('accepts exactly the modes CPython accepts', () => {
    const accepted = [...allStrings('rwxab+tU', 4)].filter(accepts);
    expect(accepted.sort()).toEqual([...CPYTHON_MODES].sort());
  });

  it('defaults to w+b: binary, readable and writable', () => {
    expect(parseMode()).toEqual({
      mode: 'w+b',
      text: false,
      readable: true,
      writable: true,
      append: false,
    });
  });

  it.each([
    ['w+b', { text: false, readable: true, writable: true, append: false }],
    ['b+w', { text: false, readable: true, writable: true, append: false }],
    ['w+t', { text: true, readable: true, writable: true, append: false }],
    ['w+', { text: true, readable: true, writable: true, append: false }],
    ['w', { text: true, readable: false, writable: true, append: false }],
    ['wb', { text: false, readable: false, writable: true, append: false }],
    ['r', { text: true, readable: true, writable: false, append: false }],
    ['rb', { text: false, readable: true, writable: false, append: false }],
    ['r+b', { text: false, readable: true, writable: true, append: false }],
    ['x+b', { text: false, readable: true, writable: true, append: false }],
    ['xt', { text: true, readable: false, writable: true, append: false }],
    ['a+b', { text: false, readable: true, writable: true, append: true }],
    ['a', { text: true, readable: false, writable: true, append: true }],
  ])('%s', (mode, flags) => {
    expect(parseMode(mode)).toEqual({ mode, ...flags });
  });

  it.each(['wr', '', 'w+bt', 'bt', '+', 'b', 'ww', 'w++', 'rU', 'w+b ', 'W+B', 'q'])(
    'rejects %j with a RangeError naming the mode and what is accepted',
    (mode) => {
      expect(() => parseMode(mode)).toThrow(RangeError);
      expect(() => parseMode(mode)).toThrow(
        expect.objectContaining({
          code: 'ERR_INVALID_ARG_VALUE',
          message: expect.stringMatching(
            new RegExp(
              `^Invalid mode '${mode.replace(/[+]/g, '\\+')}': expected one of 'r', 'w', 'x', 'a'`,
            ),
          ),
        }),
      );
    },
  );

  it.each([2, null, ['w+b'], Buffer.from('w+b')])(
    'rejects a non-string mode %j with a TypeError',
    (mode) => {
      expect(() => parseMode(mode)).toThrow(TypeError);
      expect(() => parseMode(mode)).toThrow(/The "mode" option must be a string/);
    },
  );
});

describe('resolveEncoding', () => {
  const text = parseMode('w+');
  const binary = parseMode('w+b');

  it('defaults to utf8 in text mode and is undefined in binary mode', () => {
    expect(resolveEncoding(text, undefined)).toBe('utf8');
    expect(resolveEncoding(binary, undefined)).toBeUndefined();
  });

  const spellings = {
    utf8: ['utf8', 'UTF-8', 'utf-8'],
    utf16le: ['utf16le', 'utf-16le', 'ucs2', 'ucs-2'],
    latin1: ['latin1', 'binary'],
    ascii: ['ascii'],
  };
  it.each(
    Object.entries(spellings).flatMap(([canonical, given]) => given.map((g) => [g, canonical])),
  )('maps %s to %s', (given, canonical) => {
    expect(resolveEncoding(text, given)).toBe(canonical);
  });

  it.each(['hex', 'base64', 'bad-encoding', 'constructor', '__proto__'])(
    'rejects %s with a RangeError listing the accepted encodings',
    (encoding) => {
      expect(() => resolveEncoding(text, encoding)).toThrow(RangeError);
      expect(() => resolveEncoding(text, encoding)).toThrow(
        `Unknown encoding '${encoding}' for text mode: expected one of utf8, utf-8, utf16le, utf-16le, ucs2, ucs-2, latin1, binary, ascii`,
      );
    },
  );

  it('rejects a non-string encoding with a TypeError', () => {
    expect(() => resolveEncoding(text, 8)).toThrow(TypeError);
    expect(() => resolveEncoding(text, 8)).toThrow(/The "encoding" option must be a string/);
  });

  it('rejects an encoding in binary mode, as Python does', () => {
    expect(() => resolveEncoding(binary, 'utf8')).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_ARG_VALUE',
        message: expect.stringContaining('"encoding" option is only for text modes'),
      }),
    );
  });
});
