import { readFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

const common: Options = {
  format: ['esm', 'cjs'],
  dts: true,
  // `pnpm build` empties dist first; three builds write into it side by side.
  clean: false,
  // No maps: they would point stack traces at src/*.ts, which the package does not ship.
  sourcemap: false,
  target: 'node20',
  platform: 'node',
};

export default defineConfig([
  {
    ...common,
    // `temp-fixtures` (the tempfile port) and `temp-fixtures/memfs`.
    entry: ['src/index.ts', 'src/memfs.ts'],
    // Shared chunks in both formats, so the entries share one copy of the module state.
    splitting: true,
    // `import.meta.url` in the CommonJS chunks (the memfs fixture loads memfs lazily).
    shims: true,
  },
  {
    ...common,
    // `temp-fixtures/engine` (the fixture engine, for adapter authors): one file
    // with no shared chunks, since every fresh test worker loads it (each ES
    // module costs its own resolve, load and link; ~0.5 ms apiece on Node 20).
    // State it shares with the entries above lives on `globalThis`
    // (`setTempdir`, `TreeSymlink`'s mark, the joined runs, the SIGTERM hook).
    entry: ['src/engine.ts'],
    splitting: false,
    shims: true,
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
    // `temp-fixtures --version`, fixed at build time.
    define: { TEMP_FIXTURES_VERSION: JSON.stringify(version) },
  },
]);
