/**
 * `node:fs` and `node:path`, the only builtins the library needs at load,
 * taken as the modules themselves. A default import of a builtin costs a
 * bundle on every load: esbuild's CommonJS interop copies the module's
 * exports once per importing file (6.5 ms for the engine, paid again for
 * every Jest test file, whose module registry loads the engine afresh), and
 * the ES build builds the module's ESM facade. Neither is needed here.
 */
const node = process as unknown as { getBuiltinModule(id: string): unknown };

const nodeFs = node.getBuiltinModule('node:fs') as typeof import('node:fs');
const nodePath = node.getBuiltinModule('node:path') as typeof import('node:path');

// Bound under other names: a bundle of the library then declares no top-level `fs` or `path` that
// code concatenated after it (the tests' child scripts) could clash with.
export {
  /** `node:fs`. */
  nodeFs as fs,
  /** `node:path`. */
  nodePath as path,
};
