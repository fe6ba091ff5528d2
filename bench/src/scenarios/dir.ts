/** Empty directory: create + remove. Floor: `fs.mkdtempSync` + `rmdirSync`. */
import fs from 'node:fs';
import path from 'node:path';
import {
  type Context,
  expectThat,
  type ScenarioPlan,
  timeAsync,
  timeSync,
  withLookup,
} from '../scenario.js';
import { creatable, lowLevel, peer, type TemporaryDirectoryLike } from '../subjects.js';

function expectPrivateDir(name: string): void {
  const stat = fs.lstatSync(name);
  expectThat(stat.isDirectory(), `${name} is not a directory`);
  expectThat(
    (stat.mode & 0o777) === 0o700,
    `${name} has mode ${(stat.mode & 0o777).toString(8)}, not 700`,
  );
}

/** Builds the empty-directory scenario. */
export async function dirScenario(ctx: Context): Promise<ScenarioPlan> {
  const prefix = path.join(ctx.scratch, 'tmp');
  const TemporaryDirectory = creatable<TemporaryDirectoryLike>('TemporaryDirectory');
  const low = lowLevel();
  const tmp = await peer('tmp', () => import('tmp'));
  const tempy = await peer('tempy', () => import('tempy'));
  const fsFixture = await peer('fs-fixture', () => import('fs-fixture'));

  return {
    id: 'dir',
    title: 'empty dir create + remove',
    unit: 'op',
    ops: 'calibrate',
    rounds: ctx.settings.rounds,
    samplesPerRound: ctx.settings.samples,
    warmup: true,
    targets: [
      { row: 'tf-sync', max: 1.1 },
      { row: 'tf-async', max: 1.1 },
    ],
    notes: [
      'Async rows are divided by the async floor (`fs.promises.mkdtemp` + `fs.promises.rmdir`), measured in the same round.',
      'tempy has no removal API for a directory it created synchronously: its row pairs `temporaryDirectory()` with the floor’s `rmdirSync`, so the difference is tempy’s creation cost.',
    ],
    tasks: [
      {
        id: 'floor',
        short: 'floor',
        label: '`fs.mkdtempSync` + `fs.rmdirSync` (floor)',
        kind: 'floor',
        floor: null,
        async: false,
        sample: (ops) => timeSync(ops, () => fs.rmdirSync(fs.mkdtempSync(prefix))),
      },
      {
        id: 'floor-async',
        short: 'async floor',
        label: '`fs.promises.mkdtemp` + `rmdir` (async floor)',
        kind: 'floor',
        floor: 'floor',
        async: true,
        sample: (ops) =>
          timeAsync(ops, async () => fs.promises.rmdir(await fs.promises.mkdtemp(prefix))),
      },
      withLookup(
        {
          id: 'tf-sync',
          short: 'Sync',
          label: 'temp-fixtures `TemporaryDirectory.createSync()` + `cleanupSync()`',
          kind: 'subject',
          floor: 'floor',
        },
        TemporaryDirectory,
        (TD) => ({
          async: false,
          sample: (ops) => timeSync(ops, () => TD.createSync().cleanupSync()),
          check: () => {
            const dir = TD.createSync();
            expectPrivateDir(dir.name);
            dir.cleanupSync();
            expectThat(!fs.existsSync(dir.name), 'cleanupSync() left the directory');
          },
        }),
      ),
      withLookup(
        {
          id: 'tf-async',
          short: 'async',
          label: 'temp-fixtures `await TemporaryDirectory.create()` + `cleanup()`',
          kind: 'subject',
          floor: 'floor-async',
        },
        TemporaryDirectory,
        (TD) => ({
          async: true,
          sample: (ops) => timeAsync(ops, async () => (await TD.create()).cleanup()),
          check: async () => {
            const dir = await TD.create();
            expectPrivateDir(dir.name);
            await dir.cleanup();
            expectThat(!fs.existsSync(dir.name), 'cleanup() left the directory');
          },
        }),
      ),
      withLookup(
        {
          id: 'tf-mkdtemp',
          short: 'mkdtempSync',
          label: 'temp-fixtures `mkdtempSync()` + `fs.rmdirSync` (low level)',
          kind: 'subject',
          floor: 'floor',
        },
        low,
        (api) => ({
          async: false,
          sample: (ops) => timeSync(ops, () => fs.rmdirSync(api.mkdtempSync())),
        }),
      ),
      withLookup(
        {
          id: 'tmp',
          short: 'tmp',
          label: 'tmp `dirSync()` + `removeCallback()`',
          kind: 'peer',
          floor: 'floor',
        },
        tmp,
        (lib) => ({
          async: false,
          sample: (ops) => timeSync(ops, () => lib.dirSync().removeCallback()),
        }),
      ),
      withLookup(
        {
          id: 'tempy',
          short: 'tempy',
          label: 'tempy `temporaryDirectory()` + `fs.rmdirSync`',
          kind: 'peer',
          floor: 'floor',
        },
        tempy,
        (lib) => ({
          async: false,
          sample: (ops) => timeSync(ops, () => fs.rmdirSync(lib.temporaryDirectory())),
        }),
      ),
      withLookup(
        {
          id: 'tempy-async',
          short: 'tempy async',
          label: 'tempy `await temporaryDirectoryTask(() => {})`',
          kind: 'peer',
          floor: 'floor-async',
        },
        tempy,
        (lib) => ({
          async: true,
          sample: (ops) => timeAsync(ops, () => lib.temporaryDirectoryTask(() => undefined)),
        }),
      ),
      withLookup(
        {
          id: 'fs-fixture',
          short: 'fs-fixture',
          label: 'fs-fixture `await createFixture()` + `rm()`',
          kind: 'peer',
          floor: 'floor-async',
        },
        fsFixture,
        (lib) => ({
          async: true,
          sample: (ops) => timeAsync(ops, async () => (await lib.createFixture()).rm()),
        }),
      ),
    ],
    python: {
      op: 'dir',
      rows: [
        {
          id: 'py-floor',
          short: 'CPython os floor',
          variant: 'floor',
          label: 'CPython `os.mkdir` + `os.rmdir` (its floor)',
          kind: 'floor',
          floor: 'floor',
        },
        {
          id: 'py-tempdir',
          short: 'CPython',
          variant: 'TemporaryDirectory',
          label: 'CPython `TemporaryDirectory()` + `cleanup()`',
          kind: 'peer',
          floor: 'py-floor',
        },
      ],
    },
  };
}
