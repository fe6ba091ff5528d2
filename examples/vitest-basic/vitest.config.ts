import { defineConfig } from 'vitest/config';
import { tempFixturesPlugin } from 'vitest-temp/plugin';

export default defineConfig({
  // The one line that adds the end-of-run summary of kept temp dirs.
  plugins: [tempFixturesPlugin()],
});
