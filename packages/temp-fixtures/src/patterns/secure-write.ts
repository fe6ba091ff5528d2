/**
 * The seed's "secure temp file pattern": write data into a fresh `0o600`
 * file and hand back its path; a failed write leaves nothing behind.
 */
import fs from 'node:fs';
import { promisify } from 'node:util';
import { mkstemp, mkstempSync } from '../lowlevel.js';

const writeAsync = promisify(fs.write);
const closeAsync = promisify(fs.close);

/** What `secureTempWrite` accepts as content. */
export type SecureWriteData = string | Uint8Array;

/** Naming options of `secureTempWrite` (string paths; it returns a string). */
export interface SecureWriteOptions {
  suffix?: string;
  prefix?: string;
  dir?: string;
}

function toBytes(data: SecureWriteData): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data);
  if (data instanceof Uint8Array) return data;
  throw Object.assign(
    new TypeError(`secureTempWrite: data must be a string or a Uint8Array (got ${typeof data})`),
    { code: 'ERR_INVALID_ARG_TYPE' },
  );
}

/**
 * Writes `data` to a new `0o600` temp file and returns its path; the caller
 * removes it. If writing fails the file is removed and the error rethrown.
 */
export async function secureTempWrite(
  data: SecureWriteData,
  options: SecureWriteOptions = {},
): Promise<string> {
  const bytes = toBytes(data);
  const { fd, path } = await mkstemp(options);
  try {
    let offset = 0;
    while (offset < bytes.length) {
      offset += (await writeAsync(fd, bytes, offset, bytes.length - offset)).bytesWritten;
    }
    await closeAsync(fd);
    return path;
  } catch (error) {
    await closeAsync(fd).catch(() => {});
    await fs.promises.rm(path, { force: true });
    throw error;
  }
}

/** The synchronous form of `secureTempWrite`. */
export function secureTempWriteSync(
  data: SecureWriteData,
  options: SecureWriteOptions = {},
): string {
  const bytes = toBytes(data);
  const { fd, path } = mkstempSync(options);
  try {
    let offset = 0;
    while (offset < bytes.length) {
      offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    }
    fs.closeSync(fd);
    return path;
  } catch (error) {
    try {
      fs.closeSync(fd);
    } catch {}
    fs.rmSync(path, { force: true });
    throw error;
  }
}
