import { defineConfig } from 'vitest/config';
import { graphqlAlias } from './vitest.config.ts';

/**
 * The Redis tests: each file starts its own Debian `redis-server` (`.ci/run` installs it) on a
 * free port and stops it. One file at a time: they time rolling windows on a 2-core machine.
 */
export default defineConfig({
  resolve: { alias: [graphqlAlias] },
  test: {
    include: ['test/redis/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
