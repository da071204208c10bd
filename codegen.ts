import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for the canonical frontend operations (test/operations/*.graphql), generated
 * from the client-facing SDL (run `npm run schema` first when the schema changed).
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'test/__generated__/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        emitLegacyCommonJSImports: false,
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', ID: 'string' },
      },
    },
  },
};

export default config;
