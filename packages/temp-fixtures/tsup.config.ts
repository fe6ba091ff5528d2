import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
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
