import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * One `graphql` for everybody: vitest would hand project files graphql's ESM build while Pothos
 * and yoga load the CommonJS one, and the two do not recognise each other's types and errors.
 */
export const graphqlAlias = {
  find: /^graphql$/,
  replacement: fileURLToPath(new URL('./node_modules/graphql/index.js', import.meta.url)),
};

export default defineConfig({
  resolve: { alias: [graphqlAlias] },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'test/redis/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: a small worker pool keeps timing-sensitive simulator tests honest.
    maxWorkers: 2,
  },
});
