import { defineConfig } from 'vitest/config';

// The repo's check of this example (`pnpm test`): runs `run-shards.mjs`, the
// local simulation of the workflow, and checks what it reports.
export default defineConfig({
  test: { include: ['check/**/*.test.mjs'], testTimeout: 180_000 },
});
