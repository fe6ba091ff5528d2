// Fails on purpose (run-example.js runs it with KEEP_TMP=1): its temp dir is
// kept, so what the code left on disk can be inspected after the run.
const { tmp, tmpDir } = require('jest-temp');
const { rotate } = require('../src/rotate');

test('rotate keeps two old logs', async () => {
  await tmp.tree({ 'app.log': 'c', 'app.log.1': 'b', 'app.log.2': 'a' });
  await rotate(tmpDir(), 'app.log', 2);
  // Wrong on purpose: keep=2 keeps app.log.1 and app.log.2.
  expect(await tmp.snapshot()).toEqual({ 'app.log': '', 'app.log.1': 'c' });
});
