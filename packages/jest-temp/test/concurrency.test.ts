/**
 * `test.concurrent`: on Jest 30.5+ every concurrent body gets its own dir
 * (keyed by the test object, found through `currentTestIdentity`); Jest 29
 * cannot tell concurrent bodies apart, so a fixture there fails loudly
 * instead of handing one test another's dir. Sequential tests work on both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type JestRun,
  jestConfig,
  jestProject,
  type Project,
  readKeptJson,
  runDirs,
  runJest,
  statuses,
} from './helpers.js';

const CONCURRENT = `const fs = require('node:fs');
const path = require('node:path');
const { tmpDir } = require('jest-temp');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function body(label, delay) {
  const mine = tmpDir();
  fs.writeFileSync(path.join(mine, 'mark'), label);
  await sleep(delay);
  // Other bodies ran meanwhile: this one still sees its own dir, holding only its file.
  expect(tmpDir()).toBe(mine);
  expect(fs.readdirSync(mine)).toEqual(['mark']);
  expect(fs.readFileSync(path.join(mine, 'mark'), 'utf8')).toBe(label);
}

test.concurrent('a', () => body('a', 120));
test.concurrent('b', () => body('b', 40));
test.concurrent('c', () => body('c', 80));
test.concurrent.each([['row 1', 60], ['row 2', 20]])('same title', (label, delay) => body(label, delay));
`;

const SEQUENTIAL = `const fs = require('node:fs');
const path = require('node:path');
const { tmpDir } = require('jest-temp');
test('passes', () => { fs.writeFileSync(path.join(tmpDir(), 'mark'), 'passes'); });
test('fails', () => { fs.writeFileSync(path.join(tmpDir(), 'mark'), 'fails'); throw new Error('boom'); });
`;

const FILES = {
  'jest.config.js': jestConfig({ reporter: true }),
  'test/concurrent.test.js': CONCURRENT,
  'test/sequential.test.js': SEQUENTIAL,
};

function marks(root: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const runDir of runDirs(root)) {
    for (const entry of readKeptJson(runDir).kept) {
      const mark = fs.readFileSync(path.join(entry.path, 'mark'), 'utf8');
      out[entry.name] = [...(out[entry.name] ?? []), mark];
    }
  }
  for (const list of Object.values(out)) list.sort();
  return out;
}

const projects: Project[] = [];
let jest30: JestRun;
let jest29: JestRun;
let root30: string;
let root29: string;

beforeAll(async () => {
  const p30 = jestProject(FILES, 30);
  const p29 = jestProject(FILES, 29);
  projects.push(p30, p29);
  root30 = p30.root;
  root29 = p29.root;
  [jest30, jest29] = await Promise.all([
    runJest(p30, [], { env: { KEEP_TMP: 'all' } }),
    runJest(p29, [], { env: { KEEP_TMP: 'all' } }),
  ]);
});

afterAll(() => {
  for (const project of projects) project.remove();
});

describe('Jest 30', () => {
  test('each concurrent body, test.each rows with equal titles too, gets its own dir', () => {
    expect(statuses(jest30)).toEqual({
      a: 'passed',
      b: 'passed',
      c: 'passed',
      'same title': 'passed',
      passes: 'passed',
      fails: 'failed',
    });
    expect(jest30.testCount).toBe(7);
    expect(marks(root30)).toEqual({
      a: ['a'],
      b: ['b'],
      c: ['c'],
      'same title': ['row 1', 'row 2'],
      passes: ['passes'],
      fails: ['fails'],
    });
  });
});

describe('Jest 29', () => {
  test('a fixture in a concurrent body fails loudly, naming the reason and the way out', () => {
    for (const name of ['a', 'b', 'c', 'same title']) {
      const outcome = jest29.tests.get(name)!;
      expect(outcome.status).toBe('failed');
      expect(outcome.failureMessages.join('\n')).toContain(
        `jest-temp: test.concurrent '${name}' used a fixture, but this Jest version cannot tell concurrent test bodies apart`,
      );
      expect(outcome.failureMessages.join('\n')).toContain('need Jest >= 30.5');
      // The code prints with the message (Jest shows no error properties).
      expect(outcome.failureMessages.join('\n')).toContain('(ERR_CONCURRENT_TEST)');
    }
  });

  test('no concurrent body got a dir, while sequential tests work as on Jest 30', () => {
    expect(jest29.tests.get('passes')!.status).toBe('passed');
    expect(jest29.tests.get('fails')!.status).toBe('failed');
    expect(marks(root29)).toEqual({ passes: ['passes'], fails: ['fails'] });
  });

  test('the reporter closes the run and prints the summary there too', () => {
    const [runDir] = runDirs(root29);
    expect(jest29.output).toContain(
      `temp-fixtures: kept 2 temp dirs (listed in ${path.join(runDir!, 'kept.json')})`,
    );
  });
});
