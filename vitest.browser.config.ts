import { defineConfig } from 'vitest/config';
import { graphqlAlias } from './vitest.config.ts';

/** The headless-Chromium GraphiQL test: needs Debian's chromium (`.ci/run` installs it). */
export default defineConfig({
  resolve: { alias: [graphqlAlias] },
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
