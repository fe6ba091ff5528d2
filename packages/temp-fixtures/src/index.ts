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
export { NAME_CHARACTERS, type PathLike, TMP_MAX } from './names.js';
