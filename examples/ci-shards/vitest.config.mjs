import { defineConfig } from 'vitest/config';
import { tempFixturesPlugin } from 'vitest-temp/plugin';

// The project's own config, as CI runs it (`vitest run --shard=i/n`). Some
// tests fail on purpose: see README.md.
export default defineConfig({
  plugins: [tempFixturesPlugin()],
  test: { include: ['test/**/*.test.js'] },
});
