/**
 * Stress (`pnpm test:stress`, run by CI). A hostile writer inside the tree
 * swaps directories for links to an outside
 * dir while the removal walks: nothing outside may change. The attacker is a
 * separate process that waits until the walk has listed the root (its marker
 * file is gone), then swaps every subdir it can for a link to `outside`.
 * Run against the path walk (`useRemovalWalk('path')`), the same rounds do
 * change the outside dir: see the package README's security section.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTree, removeTreeSync } from '../src/cleanup.js';
import { useRemovalWalk } from '../src/testing.js';
import { procFs } from './helpers/procfs.js';
import { listTree } from './helpers/trees.js';
import {
  asNobody,
  asNobodyAsync,
  NOBODY,
  type NobodyScratch,
  nobodyScratch,
} from './helpers/unprivileged.js';

const ROUNDS = 100;
const SUBDIRS = 8;
const FILES = 10;

const ATTACKER = `
const fs = require('fs');
process.on('message', ({ root, outside, names }) => {
  const deadline = Date.now() + 5000;
  while (fs.existsSync(root + '/marker') && Date.now() < deadline) {}
  let swapped = 0;
  for (const name of names) {
    try {
      fs.renameSync(root + '/' + name, root + '/.moved-' + name);
      fs.symlinkSync(outside, root + '/' + name);
      swapped++;
    } catch {}
  }
  process.send(swapped);
});
process.send('ready');
`;

/** A process that swaps the tree's dirs for links as soon as the walk has listed the root. */
class Attacker {
  readonly #child: ChildProcess;
  #answers: ((message: unknown) => void)[] = [];

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (message) => this.#answers.shift()?.(message));
  }

  static async start(unprivileged: boolean): Promise<Attacker> {
    const ids = unprivileged ? { uid: NOBODY, gid: NOBODY } : {};
    const child = spawn(process.execPath, ['-e', ATTACKER], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      ...ids,
    });
    const attacker = new Attacker(child);
    expect(await attacker.#next()).toBe('ready');
    return attacker;
  }

  #next(): Promise<unknown> {
    return new Promise((resolve) => this.#answers.push(resolve));
  }

  /** Arms the attack on `root`; resolves to how many dirs it swapped. */
  arm(spec: { root: string; outside: string; names: string[] }): Promise<number> {
    const answer = this.#next() as Promise<number>;
    this.#child.send(spec);
    return answer;
  }

  stop(): void {
    this.#child.kill();
  }
}

/** `outside`: a dir the walk must never touch, with files and a `sub` like the tree's. */
function buildOutside(dir: string, mode: number): void {
  fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
  for (let i = 0; i < 5; i++) {
    fs.writeFileSync(path.join(dir, `o${i}`), 'outside');
    fs.writeFileSync(path.join(dir, 'sub', `o${i}`), 'outside');
  }
  fs.chmodSync(path.join(dir, 'sub'), mode);
  fs.chmodSync(dir, mode);
}

/** The tree: `marker`, and subdirs `dNN/sub/fNN` with `sub` at `subMode`. */
function buildTree(root: string, subMode: number): string[] {
  const names: string[] = [];
  fs.mkdirSync(root);
  for (let d = 0; d < SUBDIRS; d++) {
    const name = `d${String(d).padStart(2, '0')}`;
    names.push(name);
    const sub = path.join(root, name, 'sub');
    fs.mkdirSync(sub, { recursive: true });
    for (let f = 0; f < FILES; f++) fs.writeFileSync(path.join(sub, `f${f}`), 'tree');
    fs.chmodSync(sub, subMode);
  }
  fs.writeFileSync(path.join(root, 'marker'), '');
  return names;
}

type Remove = (root: string) => Promise<void>;

async function attackRounds(
  box: string,
  attacker: Attacker,
  remove: Remove,
  asUser: <T>(fn: () => T) => T,
  subMode: number,
): Promise<{ swappedRounds: number; errors: string[] }> {
  const outside = path.join(box, 'outside');
  asUser(() => buildOutside(outside, subMode));
  const before = asUser(() => {
    fs.chmodSync(outside, 0o700);
    fs.chmodSync(path.join(outside, 'sub'), 0o700);
    const listing = listTree(outside);
    fs.chmodSync(path.join(outside, 'sub'), subMode);
    fs.chmodSync(outside, subMode);
    return listing;
  });
  let swappedRounds = 0;
  const errors: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const root = path.join(box, `tree-${round}`);
    const names = asUser(() => buildTree(root, subMode));
    const swapped = attacker.arm({ root, outside, names });
    try {
      await remove(root);
    } catch (error) {
      // A writer racing the walk may leave it unable to finish; that is
      // allowed. Following a link out of the tree is not.
      errors.push((error as NodeJS.ErrnoException).code ?? String(error));
    }
    if ((await swapped) > 0) swappedRounds++;
    // Outside: unchanged, modes included.
    expect(fs.lstatSync(outside).mode & 0o777, `round ${round}: mode of outside`).toBe(subMode);
    const sub = path.join(outside, 'sub');
    expect(fs.lstatSync(sub).mode & 0o777, `round ${round}: mode of outside/sub`).toBe(subMode);
    fs.chmodSync(outside, 0o700);
    fs.chmodSync(sub, 0o700);
    expect(listTree(outside), `round ${round}: outside`).toEqual(before);
    fs.chmodSync(sub, subMode);
    fs.chmodSync(outside, subMode);
    fs.rmSync(root, { recursive: true, force: true });
  }
  return { swappedRounds, errors };
}

const asRoot = <T>(fn: () => T): T => fn();

describe.skipIf(!procFs /* the path walk (no procfs) can be redirected: see the README */).each([
  ['removeTreeSync', false, async (root: string) => removeTreeSync(root)],
  ['removeTree', false, (root: string) => removeTree(root)],
  [
    'removeTreeSync as nobody, repairing 0o500 dirs',
    true,
    async (root: string) => asNobody(() => removeTreeSync(root)),
  ],
  [
    'removeTree as nobody, repairing 0o500 dirs',
    true,
    (root: string) => asNobodyAsync(() => removeTree(root)),
  ],
] as const)('%s with dirs swapped for links mid-walk', (_name, unprivileged, remove) => {
  let attacker: Attacker;
  let box: NobodyScratch;
  beforeAll(async () => {
    expect(useRemovalWalk('auto')).toBe('anchored');
    box = nobodyScratch();
    attacker = await Attacker.start(unprivileged);
  });
  afterAll(() => {
    attacker.stop();
    box.remove();
  });

  it(`leaves the outside dir untouched in ${ROUNDS} rounds`, async () => {
    const asUser = unprivileged ? asNobody : asRoot;
    const subMode = unprivileged ? 0o500 : 0o755;
    const { swappedRounds, errors } = await attackRounds(
      box.path,
      attacker,
      remove,
      asUser,
      subMode,
    );
    // The race was really run: the attacker got its links in during most walks.
    expect(swappedRounds).toBeGreaterThan(ROUNDS / 2);
    expect(errors.filter((code) => code !== 'ENOTEMPTY')).toEqual([]);
  }, 240_000);
});
