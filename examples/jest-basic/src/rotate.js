/**
 * A tiny log rotator: `app.log` becomes `app.log.1`, `app.log.1` becomes
 * `app.log.2`, ... the oldest beyond `keep` is deleted, and a fresh empty
 * `app.log` is created.
 */
const fs = require('node:fs/promises');
const path = require('node:path');

/**
 * Rotates `<dir>/<name>`, keeping at most `keep` old files.
 * @param {string} dir
 * @param {string} name
 * @param {number} keep
 * @returns {Promise<string[]>} the names of the files deleted
 */
async function rotate(dir, name, keep) {
  if (!Number.isInteger(keep) || keep < 1) {
    throw new RangeError(`keep must be an integer >= 1 (got ${keep})`);
  }
  const file = (n) => path.join(dir, n === 0 ? name : `${name}.${n}`);
  const deleted = [];
  for (let n = keep; ; n++) {
    try {
      await fs.unlink(file(n));
      deleted.push(path.basename(file(n)));
    } catch (error) {
      if (error.code === 'ENOENT') break;
      throw error;
    }
  }
  for (let n = keep - 1; n >= 0; n--) {
    try {
      await fs.rename(file(n), file(n + 1));
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
  }
  await fs.writeFile(file(0), '', { flag: 'wx' });
  return deleted;
}

module.exports = { rotate };
