import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/reporter.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  // No maps: they would point stack traces at src/*.ts, which the package does not ship.
  sourcemap: false,
  target: 'node20',
  platform: 'node',
  // `node:test` has no unprefixed name: tsup's default of stripping `node:` would break it.
  removeNodeProtocol: false,
});
