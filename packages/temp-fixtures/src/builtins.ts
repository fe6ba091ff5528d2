/**
 * `node:fs` and `node:path`, the only builtins the library needs at load,
 * taken as the modules themselves. A default import of a builtin costs a
 * bundle on every load: esbuild's CommonJS interop copies the module's
 * exports once per importing file (6.5 ms for the engine, paid again for
 * every Jest test file, whose module registry loads the engine afresh), and
 * the ES build builds the module's ESM facade. Neither is needed here.
 */
const node = process as unknown as { getBuiltinModule(id: string): unknown };

/** `node:fs`. */
export const fs = node.getBuiltinModule('node:fs') as typeof import('node:fs');
/** `node:path`. */
export const path = node.getBuiltinModule('node:path') as typeof import('node:path');
