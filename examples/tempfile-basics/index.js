// A tour of the tempfile port, written as a user of the published package.
import { closeSync, existsSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
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

console.log(`gettempdir() -> ${gettempdir()}`);

const { fd, path } = await mkstemp({ prefix: 'demo-', suffix: '.txt' });
writeSync(fd, 'low level');
closeSync(fd);
console.log(`mkstemp: ${path} (mode ${mode(path)})`);
rmSync(path);

const dir = await mkdtemp({ prefix: 'demo-' });
console.log(`mkdtemp: ${dir} (mode ${mode(dir)})`);
rmSync(dir, { recursive: true });

{
  await using file = await TemporaryFile.create();
  await file.write(Buffer.from('anonymous'));
  file.seek(0);
  console.log(`TemporaryFile: fd ${file.name}, read back "${await file.read()}"`);
}

let namedPath;
{
  await using named = await NamedTemporaryFile.create({
    mode: 'w+t',
    suffix: '.json',
    deleteOnClose: false,
  });
  namedPath = named.name;
  await named.write('{"ok":true}');
  await named.close();
  console.log(
    `NamedTemporaryFile: ${named.name} reopened by name -> ${readFileSync(named.name, 'utf8')}`,
  );
}
console.log(`  after the block, exists: ${existsSync(namedPath)}`);

{
  await using spooled = await SpooledTemporaryFile.create({ maxSize: 16 });
  await spooled.write(Buffer.from('0123456789'));
  console.log(`SpooledTemporaryFile: 10 bytes, rolledOver=${spooled.rolledOver}`);
  await spooled.write(Buffer.from('0123456789'));
  console.log(`  20 bytes > maxSize 16, rolledOver=${spooled.rolledOver}`);
}

let tempDirPath;
{
  await using tmp = await TemporaryDirectory.create({ prefix: 'demo-' });
  tempDirPath = tmp.name;
  const { writeFileSync, mkdirSync } = await import('node:fs');
  mkdirSync(join(tmp.name, 'sub'));
  writeFileSync(join(tmp.name, 'sub', 'file.txt'), 'inside');
  console.log(`TemporaryDirectory: ${tmp.name}`);
}
console.log(`  after the block, exists: ${existsSync(tempDirPath)}`);
