import { defineConfig } from 'vitest/config';

// Unit tests sit next to the code (src/**/*.test.ts). End-to-end browser tests: each file starts the real API in-process and drives Chromium against the built app (dist/).
export default defineConfig({
  test: {
    include: ['test/**/*.e2e.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 180_000,
  },
});
