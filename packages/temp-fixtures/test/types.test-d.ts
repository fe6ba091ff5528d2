import { describe, expectTypeOf, it } from 'vitest';
import type { FixtureOptions } from '../src/fixture/index.js';
import {
  type FileMode,
  NamedTemporaryFile,
  type ReadResult,
  SpooledTemporaryFile,
  TemporaryFile,
  type WriteData,
} from '../src/index.js';

describe('ReadResult', () => {
  it('is Buffer for binary modes, string for text modes, either for string', () => {
    expectTypeOf<ReadResult<'w+b'>>().toEqualTypeOf<Buffer>();
    expectTypeOf<ReadResult<'b+w'>>().toEqualTypeOf<Buffer>();
    expectTypeOf<ReadResult<'rb'>>().toEqualTypeOf<Buffer>();
    expectTypeOf<ReadResult<'w+t'>>().toEqualTypeOf<string>();
    expectTypeOf<ReadResult<'w+'>>().toEqualTypeOf<string>();
    expectTypeOf<ReadResult<'a'>>().toEqualTypeOf<string>();
    expectTypeOf<ReadResult<string>>().toEqualTypeOf<Buffer | string>();
    expectTypeOf<ReadResult<FileMode>>().toEqualTypeOf<Buffer | string>();
    expectTypeOf<WriteData<'w+b'>>().toEqualTypeOf<ArrayBufferView>();
    expectTypeOf<WriteData<string>>().toEqualTypeOf<ArrayBufferView | string>();
    expectTypeOf<WriteData<'w+t'>>().toEqualTypeOf<string>();
  });

  it('keeps the classes covariant in the mode', () => {
    expectTypeOf<TemporaryFile<'w+b'>>().toExtend<TemporaryFile<string>>();
    expectTypeOf<NamedTemporaryFile<'w+t'>>().toExtend<NamedTemporaryFile<string>>();
    expectTypeOf<SpooledTemporaryFile<'w+b'>>().toExtend<SpooledTemporaryFile<string>>();
    expectTypeOf<SpooledTemporaryFile<'w+t'>>().not.toExtend<SpooledTemporaryFile<'w+b'>>();
  });

  it('FileMode holds exactly the 76 spellings Python accepts', () => {
    expectTypeOf<'w+b'>().toExtend<FileMode>();
    expectTypeOf<'+tx'>().toExtend<FileMode>();
    expectTypeOf<'wr'>().not.toExtend<FileMode>();
    expectTypeOf<'w+bt'>().not.toExtend<FileMode>();
    expectTypeOf<'ww'>().not.toExtend<FileMode>();
  });
});

describe('TemporaryFile', () => {
  it('reads Buffers by default and in binary modes', async () => {
    const f = await TemporaryFile.create();
    expectTypeOf(f).toEqualTypeOf<TemporaryFile<'w+b'>>();
    expectTypeOf(f.read()).resolves.toEqualTypeOf<Buffer>();
    expectTypeOf(f.readSync(3)).toEqualTypeOf<Buffer>();
    expectTypeOf(TemporaryFile.createSync({ mode: 'r+b' }).readSync()).toEqualTypeOf<Buffer>();
    expectTypeOf(
      TemporaryFile.createSync({ encoding: undefined }).readSync(),
    ).toEqualTypeOf<Buffer>();
    expectTypeOf(f.name).toEqualTypeOf<number>();
    expectTypeOf(f.write).parameter(0).toEqualTypeOf<ArrayBufferView>();
  });

  it('reads strings in text modes', async () => {
    const f = await TemporaryFile.create({ mode: 'w+t', encoding: 'utf8' });
    expectTypeOf(f.read()).resolves.toEqualTypeOf<string>();
    expectTypeOf(TemporaryFile.createSync({ mode: 'w+' }).readSync()).toEqualTypeOf<string>();
    expectTypeOf(f.write).parameter(0).toEqualTypeOf<string>();
    for await (const chunk of f) expectTypeOf(chunk).toEqualTypeOf<string>();
  });

  it('takes a mode only known as string, and then reads either', () => {
    const mode: string = 'w+b';
    expectTypeOf(TemporaryFile.createSync({ mode }).readSync()).toEqualTypeOf<Buffer | string>();
  });

  it('rejects a misspelt mode at compile time', () => {
    // @ts-expect-error 'wr' is not a mode
    TemporaryFile.createSync({ mode: 'wr' });
    // @ts-expect-error 'w+bt' is not a mode
    void TemporaryFile.create({ mode: 'w+bt' });
  });

  it('lets generic code forward a FileMode', () => {
    function open<M extends FileMode>(mode: M) {
      return TemporaryFile.createSync({ mode });
    }
    expectTypeOf(open('w+t').readSync()).toEqualTypeOf<string>();
    expectTypeOf(open('rb').readSync()).toEqualTypeOf<Buffer>();
  });
});

describe('NamedTemporaryFile', () => {
  it('reads Buffers by default and in binary modes', async () => {
    const f = await NamedTemporaryFile.create();
    expectTypeOf(f.read()).resolves.toEqualTypeOf<Buffer>();
    expectTypeOf(NamedTemporaryFile.createSync({ mode: 'x+b' }).readSync()).toEqualTypeOf<Buffer>();
    expectTypeOf(f.name).toEqualTypeOf<string>();
    for await (const chunk of f) expectTypeOf(chunk).toEqualTypeOf<Buffer>();
  });

  it('reads strings in text modes', async () => {
    const f = await NamedTemporaryFile.create({ mode: 'w+', delete: false });
    expectTypeOf(f.read()).resolves.toEqualTypeOf<string>();
    expectTypeOf(
      NamedTemporaryFile.createSync({ mode: 'r+t' }).readSync(1),
    ).toEqualTypeOf<string>();
  });

  it('has a string name for string options and a Buffer name for Buffer options', () => {
    expectTypeOf(NamedTemporaryFile.createSync({ prefix: 'x' }).name).toEqualTypeOf<string>();
    expectTypeOf(
      NamedTemporaryFile.createSync({ prefix: Buffer.from('x') }).name,
    ).toEqualTypeOf<Buffer>();
  });

  it('rejects a misspelt mode at compile time', () => {
    // @ts-expect-error 'wr' is not a mode
    NamedTemporaryFile.createSync({ mode: 'wr' });
  });
});

describe('SpooledTemporaryFile', () => {
  it('reads Buffers by default and in binary modes', async () => {
    const f = await SpooledTemporaryFile.create({ maxSize: 10 });
    expectTypeOf(f.read()).resolves.toEqualTypeOf<Buffer>();
    expectTypeOf(
      SpooledTemporaryFile.createSync({ mode: 'wb+' }).readSync(),
    ).toEqualTypeOf<Buffer>();
    expectTypeOf(f.name).toEqualTypeOf<number | null>();
    expectTypeOf(f.rolledOver).toEqualTypeOf<boolean>();
  });

  it('reads strings in text modes', async () => {
    const f = await SpooledTemporaryFile.create({ mode: 'w+t' });
    expectTypeOf(f.read()).resolves.toEqualTypeOf<string>();
    expectTypeOf(
      SpooledTemporaryFile.createSync({ mode: 'a+' }).readSync(),
    ).toEqualTypeOf<string>();
  });

  it('rejects a misspelt mode at compile time', () => {
    // @ts-expect-error 'wr' is not a mode
    SpooledTemporaryFile.createSync({ mode: 'wr' });
  });
});

describe('fixture options', () => {
  it('keep and leaks are exact unions: a typo does not compile', () => {
    expectTypeOf<FixtureOptions['keep']>().toEqualTypeOf<
      'never' | 'failed' | 'all' | '0' | 'false' | '1' | 'true' | undefined
    >();
    expectTypeOf<FixtureOptions['leaks']>().toEqualTypeOf<'off' | 'report' | 'fail' | undefined>();
    // @ts-expect-error: 'yes' is not a keep policy.
    const keep: FixtureOptions = { keep: 'yes' };
    // @ts-expect-error: 'loud' is not a leak policy.
    const leaks: FixtureOptions = { leaks: 'loud' };
    expectTypeOf([keep, leaks]).toBeArray();
  });
});
