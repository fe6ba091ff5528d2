// A tour of the tempfile port, written as a user of the published package.
// Plain JavaScript on Node 20 has no `using` syntax, so disposal is explicit
// here; in TypeScript 5.2+ write `await using file = await TemporaryFile.create()`.
import {
  closeSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  gettempdir,
  mkdtemp,
  mkstemp,
  NamedTemporaryFile,
  SpooledTemporaryFile,
  TemporaryDirectory,
  TemporaryFile,
} from 'temp-fixtures';

const mode = (p) => `0o${(statSync(p).mode & 0o777).toString(8)}`;
const check = (ok, what) => {
  if (!ok) throw new Error(`example failed: ${what}`);
  console.log(`  ok: ${what}`);
};

console.log(`gettempdir() -> ${gettempdir()}`);

const { fd, path } = await mkstemp({ prefix: 'demo-', suffix: '.txt' });
writeSync(fd, 'low level');
closeSync(fd);
console.log(`mkstemp: ${path}`);
check(mode(path) === '0o600', 'the file is 0o600');
rmSync(path);

const dir = await mkdtemp({ prefix: 'demo-' });
console.log(`mkdtemp: ${dir}`);
check(mode(dir) === '0o700', 'the dir is 0o700');
rmSync(dir, { recursive: true });

const anonymous = await TemporaryFile.create();
try {
  await anonymous.write(Buffer.from('anonymous'));
  anonymous.seek(0);
  console.log(`TemporaryFile: fd ${anonymous.name}`);
  check(
    (await anonymous.read()).toString() === 'anonymous',
    'reads back what it wrote, with no name on disk',
  );
} finally {
  await anonymous[Symbol.asyncDispose]();
}

const named = await NamedTemporaryFile.create({
  mode: 'w+t',
  suffix: '.json',
  deleteOnClose: false,
});
try {
  await named.write('{"ok":true}');
  await named.close();
  console.log(`NamedTemporaryFile: ${named.name}`);
  check(
    readFileSync(named.name, 'utf8') === '{"ok":true}',
    'deleteOnClose: false survives close() and reopens by name',
  );
} finally {
  await named[Symbol.asyncDispose]();
}
check(!existsSync(named.name), 'disposing removes it');

const spooled = await SpooledTemporaryFile.create({ maxSize: 16 });
try {
  await spooled.write(Buffer.from('0123456789'));
  console.log('SpooledTemporaryFile: maxSize 16');
  check(!spooled.rolledOver, '10 bytes stay in memory');
  await spooled.write(Buffer.from('0123456789'));
  check(spooled.rolledOver, '20 bytes roll over to disk');
} finally {
  await spooled[Symbol.asyncDispose]();
}

const tmp = await TemporaryDirectory.create({ prefix: 'demo-' });
try {
  mkdirSync(join(tmp.name, 'sub'));
  writeFileSync(join(tmp.name, 'sub', 'file.txt'), 'inside');
  console.log(`TemporaryDirectory: ${tmp.name}`);
} finally {
  await tmp[Symbol.asyncDispose]();
}
check(!existsSync(tmp.name), 'disposing removes the whole tree');
