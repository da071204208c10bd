import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

/**
 * Every ```graphql block in the user-facing docs must be a valid operation of the printed schema
 * (queries, mutations and subscriptions).
 */
const schema = buildSchema(readFileSync('schema/schema.graphql', 'utf8'));
// docs/federation.md queries the composed supergraph (CRM fields too): not this schema.
const documents = ['README.md', 'docs/schema.md'];

function graphqlBlocks(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

describe('documentation examples', () => {
  it.each(documents)(
    '%s: every GraphQL example validates against schema/schema.graphql',
    (file) => {
      const blocks = graphqlBlocks(file).filter((block) =>
        /^\s*(query|mutation|subscription|\{)/m.test(block),
      );
      expect(blocks.length).toBeGreaterThan(0);
      for (const block of blocks) {
        const errors = validate(schema, parse(block)).map((e) => e.message);
        expect({ block: block.slice(0, 60), errors }).toEqual({
          block: block.slice(0, 60),
          errors: [],
        });
      }
    },
  );
});
