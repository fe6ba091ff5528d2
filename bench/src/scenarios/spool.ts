/**
 * Many small writes into a `SpooledTemporaryFile` that stays in memory, then
 * one read of everything. Floor: an array of chunks and one `Buffer.concat`.
 */
import type { NodeTask } from '../model.js';
import { type Context, expectThat, type ScenarioPlan, since, withLookup } from '../scenario.js';
import { creatable, type SpooledTemporaryFileLike } from '../subjects.js';

/** Bytes per write. */
export const CHUNK_SIZE = 100;
const CHUNK = Buffer.alloc(CHUNK_SIZE, 'x');

/** The spool tasks; `ops` is the number of writes in one sample. */
export function spoolTasks(): NodeTask[] {
  const SpooledTemporaryFile = creatable<SpooledTemporaryFileLike>('SpooledTemporaryFile');
  return [
    {
      id: 'floor',
      short: 'floor',
      label: '`chunks.push(chunk)` × N + one `Buffer.concat` (floor)',
      kind: 'floor',
      floor: null,
      async: false,
      sample: (ops) => {
        const start = process.hrtime.bigint();
        const chunks: Buffer[] = [];
        for (let i = 0; i < ops; i++) chunks.push(CHUNK);
        const data = Buffer.concat(chunks);
        const elapsed = since(start);
        if (data.length !== ops * CHUNK_SIZE) throw new Error('floor: wrong length');
        return elapsed;
      },
    },
    withLookup(
      {
        id: 'tf-spooled',
        short: 'SpooledTemporaryFile',
        label: 'temp-fixtures `SpooledTemporaryFile`: `writeSync` × N, `seek(0)`, `readSync()`',
        kind: 'subject',
        floor: 'floor',
      },
      SpooledTemporaryFile,
      (STF) => ({
        async: false,
        sample: (ops) => {
          const start = process.hrtime.bigint();
          const file = STF.createSync({ maxSize: ops * CHUNK_SIZE + 1 });
          for (let i = 0; i < ops; i++) file.writeSync(CHUNK);
          file.seek(0);
          const data = file.readSync();
          file.closeSync();
          const elapsed = since(start);
          if (data.length !== ops * CHUNK_SIZE)
            throw new Error('SpooledTemporaryFile: wrong length read back');
          return elapsed;
        },
        check: () => {
          const file = STF.createSync({ maxSize: 1000 * CHUNK_SIZE + 1 });
          for (let i = 0; i < 1000; i++) file.writeSync(Buffer.alloc(CHUNK_SIZE, i % 251));
          expectThat(!file.rolledOver, 'the spool rolled over to disk below maxSize');
          file.seek(0);
          const data = file.readSync() as Buffer;
          file.closeSync();
          expectThat(data.length === 1000 * CHUNK_SIZE, `read back ${data.length} bytes`);
          for (let i = 0; i < 1000; i++)
            expectThat(data[i * CHUNK_SIZE] === i % 251, `write ${i} read back wrong`);
        },
      }),
    ),
  ];
}

/** Builds the spool scenario. */
export async function spoolScenario(ctx: Context): Promise<ScenarioPlan> {
  const main = ctx.settings.spoolWrites;
  return {
    id: 'spool',
    title: `${main.toLocaleString('en-US')} writes of ${CHUNK_SIZE} B into \`SpooledTemporaryFile\` (memory), then read back`,
    unit: 'write',
    ops: main,
    rounds: ctx.settings.rounds,
    samplesPerRound: ctx.settings.samples,
    warmup: true,
    targets: [{ row: 'tf-spooled', max: 1.0 }],
    notes: [
      'Times are per write; the read-back and the close are included and spread over the writes.',
      'The floor keeps references to one chunk and copies once; a file must copy every write (the caller may reuse its buffer), so the floor is a hard one.',
    ],
    tasks: spoolTasks(),
    python: {
      op: 'spool',
      rows: [
        {
          id: 'py-floor',
          short: 'CPython floor',
          variant: 'floor',
          label: 'CPython list `append` × N + `b"".join` (its floor)',
          kind: 'floor',
          floor: 'floor',
        },
        {
          id: 'py-spooled',
          short: 'CPython SpooledTemporaryFile',
          variant: 'SpooledTemporaryFile',
          label: 'CPython `SpooledTemporaryFile`: write × N, seek, read',
          kind: 'peer',
          floor: 'py-floor',
        },
        {
          id: 'py-bytesio',
          short: 'CPython BytesIO',
          variant: 'BytesIO',
          label: 'CPython `io.BytesIO`: write × N, seek, read',
          kind: 'peer',
          floor: 'py-floor',
        },
      ],
    },
  };
}
