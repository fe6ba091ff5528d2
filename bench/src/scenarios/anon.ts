/**
 * Anonymous file: create + write 4 KiB + close. Floor: the same through a
 * named file unlinked at once (open `O_EXCL|O_NOFOLLOW|O_CLOEXEC` 0o600,
 * unlink, write, close), which is also temp-fixtures' fallback where
 * `O_TMPFILE` is missing.
 */
import fs from 'node:fs';
import { promisify } from 'node:util';
import { type Context, type ScenarioPlan, timeAsync, timeSync, withLookup } from '../scenario.js';
import { floorName } from '../scratch.js';
import { creatable, type FileLike, type Lookup } from '../subjects.js';

const PAGE = Buffer.alloc(4096, 'x');
const { O_RDWR, O_CREAT, O_EXCL, O_NOFOLLOW = 0, O_DIRECTORY } = fs.constants;
// Linux O_CLOEXEC and __O_TMPFILE; Node's fs.constants lacks both.
const O_CLOEXEC = process.platform === 'linux' ? 0o2000000 : 0;
const FLAGS = O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;

function tmpfileFlags(): Lookup<number> {
  if (process.platform !== 'linux' || O_DIRECTORY === undefined) {
    return { ok: false, reason: 'O_TMPFILE is Linux-only (skipped)' };
  }
  return { ok: true, value: O_RDWR | 0o20000000 | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC };
}

const open = promisify(fs.open);
const write = promisify(fs.write);
const close = promisify(fs.close);
const unlink = promisify(fs.unlink);

/** Builds the anonymous-file scenario. */
export async function anonScenario(ctx: Context): Promise<ScenarioPlan> {
  const TemporaryFile = creatable<FileLike>('TemporaryFile');
  return {
    id: 'anon',
    title: '`TemporaryFile` anonymous create + write 4 KiB + close',
    unit: 'op',
    ops: 'calibrate',
    rounds: ctx.settings.rounds,
    samplesPerRound: ctx.settings.samples,
    warmup: true,
    targets: [{ row: 'tf-sync', max: 1.0 }],
    notes: [
      'The raw `O_TMPFILE` row shows what the anonymous path can cost at best on this kernel and file system.',
      'The async row is divided by the async floor (the floor’s calls, promisified).',
    ],
    tasks: [
      {
        id: 'floor',
        short: 'floor',
        label: 'open(random, O_EXCL|O_NOFOLLOW|O_CLOEXEC, 0o600) + unlink + write + close (floor)',
        kind: 'floor',
        floor: null,
        async: false,
        sample: (ops) =>
          timeSync(ops, () => {
            const name = floorName(ctx.scratch);
            const fd = fs.openSync(name, FLAGS, 0o600);
            fs.unlinkSync(name);
            fs.writeSync(fd, PAGE);
            fs.closeSync(fd);
          }),
      },
      {
        id: 'floor-async',
        short: 'async floor',
        label: 'the floor’s calls, promisified (async floor)',
        kind: 'floor',
        floor: 'floor',
        async: true,
        sample: (ops) =>
          timeAsync(ops, async () => {
            const name = floorName(ctx.scratch);
            const fd = await open(name, FLAGS, 0o600);
            await unlink(name);
            await write(fd, PAGE);
            await close(fd);
          }),
      },
      withLookup(
        {
          id: 'raw-tmpfile',
          short: 'raw O_TMPFILE',
          label: 'raw `open(dir, O_TMPFILE|O_RDWR, 0o600)` + write + close',
          kind: 'floor',
          floor: 'floor',
        },
        tmpfileFlags(),
        (flags) => ({
          async: false,
          sample: (ops) =>
            timeSync(ops, () => {
              const fd = fs.openSync(ctx.scratch, flags, 0o600);
              fs.writeSync(fd, PAGE);
              fs.closeSync(fd);
            }),
        }),
      ),
      withLookup(
        {
          id: 'tf-sync',
          short: 'Sync',
          label: 'temp-fixtures `TemporaryFile.createSync()` + `writeSync` + `closeSync()`',
          kind: 'subject',
          floor: 'floor',
        },
        TemporaryFile,
        (TF) => ({
          async: false,
          sample: (ops) =>
            timeSync(ops, () => {
              const file = TF.createSync();
              file.writeSync(PAGE);
              file.closeSync();
            }),
          check: () => {
            const before = fs.readdirSync(ctx.scratch).length;
            const file = TF.createSync();
            file.writeSync(PAGE);
            file.seek(0);
            const back = file.readSync() as Buffer;
            file.closeSync();
            if (back.length !== PAGE.length)
              throw new Error(`check failed: read back ${back.length} bytes`);
            if (fs.readdirSync(ctx.scratch).length !== before)
              throw new Error('check failed: a name was left in the temp dir');
          },
        }),
      ),
      withLookup(
        {
          id: 'tf-async',
          short: 'async',
          label: 'temp-fixtures `await TemporaryFile.create()` + `write` + `close()`',
          kind: 'subject',
          floor: 'floor-async',
        },
        TemporaryFile,
        (TF) => ({
          async: true,
          sample: (ops) =>
            timeAsync(ops, async () => {
              const file = await TF.create();
              await file.write(PAGE);
              await file.close();
            }),
        }),
      ),
    ],
    python: {
      op: 'anon',
      rows: [
        {
          id: 'py-floor',
          short: 'CPython os floor',
          variant: 'floor',
          label: 'CPython `os.open` + unlink + write + close (its floor)',
          kind: 'floor',
          floor: 'floor',
        },
        {
          id: 'py-tempfile',
          short: 'CPython TemporaryFile',
          variant: 'TemporaryFile',
          label: 'CPython `TemporaryFile()` + write + close',
          kind: 'peer',
          floor: 'py-floor',
        },
      ],
    },
  };
}
