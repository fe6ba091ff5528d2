import { defineConfig } from 'vitest/config';
import { tempFixturesPlugin } from 'vitest-temp/plugin';

// Only `node run-demo.mjs` uses this config: the demo's failing test lives
// in `demo/*.demo.js`, which no default test pattern picks up.
export default defineConfig({
  plugins: [tempFixturesPlugin()],
  test: { include: ['demo/**/*.demo.js'] },
});
