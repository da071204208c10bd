// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'test/__generated__/**',
      'schema/**',
      'bench/results/**',
      'coverage/**',
      'dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/../shared/**'],
              message: 'Nothing in the repo may depend on ../shared (a clone does not have it).',
            },
          ],
        },
      ],
    },
  },
  {
    // One error-code table: GraphQL errors are made by gatewayError(code, …), which takes only
    // the codes of src/error-codes.ts (the simulator speaks HubSpot's own error JSON).
    files: ['src/**/*.ts'],
    ignores: ['src/error-codes.ts', 'src/simulator/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "Property[key.name='extensions'] > ObjectExpression > Property[key.name='code']",
          message:
            'Make the error with gatewayError(code, message) from src/error-codes.ts (add a new code to ERROR_CODES and docs/operations.md).',
        },
      ],
    },
  },
  {
    // src/hubspot knows HTTP and HubSpot JSON only: no GraphQL, no schema, no server.
    files: ['src/hubspot/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['graphql', 'graphql-yoga', '@pothos/core'],
          patterns: ['**/schema/**', '**/server/**', '**/simulator/**'],
        },
      ],
    },
  },
  {
    // The simulator stands alone: it must not borrow the client it is meant to test.
    files: ['src/simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/hubspot/**', '**/schema/**', '**/server/**'] },
      ],
    },
  },
  {
    // The schema does not reach into the server wiring.
    files: ['src/schema/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/simulator/**'] }],
    },
  },
  prettier,
);
