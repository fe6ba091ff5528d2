/** File: create + close + unlink. Floor: `openSync(random, 'wx', 0o600)` + close + unlink. */
import fs from 'node:fs';
import { promisify } from 'node:util';
import {
  type Context,
  expectThat,
  type ScenarioPlan,
  timeAsync,
  timeSync,
  withLookup,
} from '../scenario.js';
import { floorName } from '../scratch.js';
import { creatable, lowLevel, type NamedTemporaryFileLike, peer } from '../subjects.js';

const open = promisify(fs.open);
const close = promisify(fs.close);
const unlink = promisify(fs.unlink);

function expectPrivateFile(name: string): void {
  const stat = fs.lstatSync(name);
  expectThat(stat.isFile(), `${name} is not a regular file`);
  expectThat(
    (stat.mode & 0o777) === 0o600,
    `${name} has mode ${(stat.mode & 0o777).toString(8)}, not 600`,
  );
}

/** Builds the file scenario. */
export async function fileScenario(ctx: Context): Promise<ScenarioPlan> {
  const NamedTemporaryFile = creatable<NamedTemporaryFileLike>('NamedTemporaryFile');
  const low = lowLevel();
  const tmp = await peer('tmp', () => import('tmp'));

  return {
    id: 'file',
    title: 'file create + close + unlink',
    unit: 'op',
    ops: 'calibrate',
    rounds: ctx.settings.rounds,
    samplesPerRound: ctx.settings.samples,
    warmup: true,
    targets: [
      { row: 'tf-mkstemp', max: 1.1 },
      { row: 'tf-named', max: 1.3 },
    ],
    notes: [
      'The async row is divided by the async floor (promisified `fs.open` + `fs.close` + `fs.unlink`).',
      'tempy and fs-fixture have no create-a-file-and-hand-over-its-fd API, so they have no row here.',
    ],
    tasks: [
      {
        id: 'floor',
        short: 'floor',
        label: '`fs.openSync(random, "wx", 0o600)` + `closeSync` + `unlinkSync` (floor)',
        kind: 'floor',
        floor: null,
        async: false,
        sample: (ops) =>
          timeSync(ops, () => {
            const name = floorName(ctx.scratch);
            fs.closeSync(fs.openSync(name, 'wx', 0o600));
            fs.unlinkSync(name);
          }),
      },
      {
        id: 'floor-async',
        short: 'async floor',
        label: 'promisified `fs.open` + `close` + `unlink` (async floor)',
        kind: 'floor',
        floor: 'floor',
        async: true,
        sample: (ops) =>
          timeAsync(ops, async () => {
            const name = floorName(ctx.scratch);
            await close(await open(name, 'wx', 0o600));
            await unlink(name);
          }),
      },
      withLookup(
        {
          id: 'tf-mkstemp',
          short: 'mkstemp',
          label: 'temp-fixtures `mkstempSync()` + `closeSync` + `unlinkSync`',
          kind: 'subject',
          floor: 'floor',
        },
        low,
        (api) => ({
          async: false,
          sample: (ops) =>
            timeSync(ops, () => {
              const { fd, path } = api.mkstempSync();
              fs.closeSync(fd);
              fs.unlinkSync(path);
            }),
          check: () => {
            const { fd, path } = api.mkstempSync();
            expectPrivateFile(path);
            fs.closeSync(fd);
            fs.unlinkSync(path);
          },
        }),
      ),
      withLookup(
        {
          id: 'tf-named',
          short: 'NamedTemporaryFile',
          label: 'temp-fixtures `NamedTemporaryFile.createSync()` + `closeSync()`',
          kind: 'subject',
          floor: 'floor',
        },
        NamedTemporaryFile,
        (NTF) => ({
          async: false,
          sample: (ops) => timeSync(ops, () => NTF.createSync().closeSync()),
          check: () => {
            const file = NTF.createSync();
            expectPrivateFile(file.name);
            file.closeSync();
            expectThat(!fs.existsSync(file.name), 'closeSync() left the file');
          },
        }),
      ),
      withLookup(
        {
          id: 'tf-named-async',
          short: 'NamedTemporaryFile async',
          label: 'temp-fixtures `await NamedTemporaryFile.create()` + `close()`',
          kind: 'subject',
          floor: 'floor-async',
        },
        NamedTemporaryFile,
        (NTF) => ({
          async: true,
          sample: (ops) => timeAsync(ops, async () => (await NTF.create()).close()),
        }),
      ),
      withLookup(
        {
          id: 'tmp',
          short: 'tmp',
          label: 'tmp `fileSync()` + `removeCallback()`',
          kind: 'peer',
          floor: 'floor',
        },
        tmp,
        (lib) => ({
          async: false,
          sample: (ops) => timeSync(ops, () => lib.fileSync().removeCallback()),
        }),
      ),
    ],
    python: {
      op: 'file',
      rows: [
        {
          id: 'py-floor',
          short: 'CPython os floor',
          variant: 'floor',
          label: 'CPython `os.open(O_CREAT|O_EXCL, 0o600)` + close + unlink (its floor)',
          kind: 'floor',
          floor: 'floor',
        },
        {
          id: 'py-mkstemp',
          short: 'CPython mkstemp',
          variant: 'mkstemp',
          label: 'CPython `mkstemp()` + `os.close` + `os.unlink`',
          kind: 'peer',
          floor: 'py-floor',
        },
        {
          id: 'py-named',
          short: 'CPython NamedTemporaryFile',
          variant: 'NamedTemporaryFile',
          label: 'CPython `NamedTemporaryFile()` + `close()`',
          kind: 'peer',
          floor: 'py-floor',
        },
      ],
    },
  };
}
