import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests each start their own redis-server and HTTP servers; running
    // files one at a time keeps a 2-core machine from timing them out (BullMQ does the same).
    fileParallelism: false,
    // Wall-clock limits here only catch hangs, never measure speed: under a loaded 2-core machine
    // (CI beside other work) a healthy test can take several times its idle time, so the limits
    // are generous and no assertion depends on them.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
