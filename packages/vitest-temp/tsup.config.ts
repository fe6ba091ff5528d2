import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/plugin.ts'],
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
