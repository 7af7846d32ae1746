import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Render tests drive Chromium and ffmpeg: on 2 cores, one file at a time is fastest.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 180_000,
    typecheck: { enabled: true, include: ['tests/**/*.test-d.ts'] },
  },
});
