import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // Three entries: `temp-fixtures` (the tempfile port), `temp-fixtures/engine`
    // (the fixture engine, for adapter authors) and `temp-fixtures/memfs`.
    entry: ['src/index.ts', 'src/engine.ts', 'src/memfs.ts'],
    format: ['esm', 'cjs'],
    // Shared chunks in both formats, so the entries share one copy of the
    // module state (`setTempdir`, the per-worker engines) in CJS too.
    splitting: true,
    // `import.meta.url` in the CommonJS chunks (the memfs fixture loads memfs lazily).
    shims: true,
    dts: true,
    // The command line below is built alongside: leave its files alone.
    clean: ['!cli.js', '!cli.js.map'],
    // No maps: they would point stack traces at src/*.ts, which the package does not ship.
    sourcemap: false,
    target: 'node20',
    platform: 'node',
  },
  {
    // The `temp-fixtures` command line (package.json `bin`): one ESM file.
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    // No maps: they would point stack traces at src/*.ts, which the package does not ship.
    sourcemap: false,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
