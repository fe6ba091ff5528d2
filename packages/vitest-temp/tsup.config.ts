import { defineConfig } from 'tsup';

export default defineConfig({
  // leaks-setup: a setup file the plugin adds by path (not in `exports`).
  entry: ['src/index.ts', 'src/plugin.ts', 'src/leaks-setup.ts'],
  // import.meta.url in the CommonJS build of the plugin (where leaks-setup is).
  shims: true,
  format: ['esm', 'cjs'],
  // Each entry one file: every fresh test worker loads the index, and a
  // shared chunk would be one more ES module to resolve, load and link.
  splitting: false,
  dts: true,
  clean: true,
  // No maps: they would point stack traces at src/*.ts, which the package does not ship.
  sourcemap: false,
  target: 'node20',
  platform: 'node',
});
