export { type RemoveTreeOptions, removeTree, removeTreeSync } from './cleanup.js';
export { TemporaryDirectory, type TemporaryDirectoryOptions } from './directory.js';
export {
  type FileOptions,
  TemporaryFile,
  type TemporaryFileOptions,
  type WithDynamicMode,
} from './file.js';
export { FileObject, type Whence } from './file-object.js';
export {
  candidateTempdirs,
  gettempdir,
  gettempdirb,
  gettempprefix,
  gettempprefixb,
  setTempdir,
} from './location.js';
export {
  type MkstempOptions,
  type MkstempResult,
  mkdtemp,
  mkdtempSync,
  mkstemp,
  mkstempSync,
  mktemp,
  type NameOptions,
  type PathFor,
} from './lowlevel.js';
export type {
  BinaryMode,
  CheckedMode,
  DefaultMode,
  FileMode,
  ReadResult,
  TextEncoding,
  TextMode,
  WriteData,
} from './mode.js';
export { NamedTemporaryFile, type NamedTemporaryFileOptions, type PathOf } from './named.js';
export { NAME_CHARACTERS, type PathLike, TMP_MAX } from './names.js';
export {
  type SecureWriteData,
  type SecureWriteOptions,
  secureTempWrite,
  secureTempWriteSync,
} from './patterns/secure-write.js';
export {
  type ManagedDirOptions,
  type ManagedFileOptions,
  type ManagedPathOptions,
  TempFileManager,
  type TempFileManagerOptions,
} from './patterns/temp-file-manager.js';
export {
  SpooledUploadHandler,
  type SpooledUploadHandlerOptions,
  type UploadSource,
} from './patterns/upload-handler.js';
export { SpooledTemporaryFile, type SpooledTemporaryFileOptions } from './spooled.js';
