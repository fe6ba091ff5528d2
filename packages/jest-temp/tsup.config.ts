import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/environment.ts',
    'src/jsdom.ts',
    'src/reporter.ts',
    'src/globals.ts',
  ],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  // No maps: they would point stack traces at src/*.ts, which the package does not ship.
  sourcemap: false,
  // `import.meta.url` in the CommonJS build (the entry loads the environment lazily).
  shims: true,
  target: 'node20',
  platform: 'node',
});
