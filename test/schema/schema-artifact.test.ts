import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printClientSchema, printSubgraphSdl } from '../../src/schema/print.ts';

const read = (path: string) => {
  try {
    return readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  } catch {
    return '(missing)';
  }
};

describe('schema artifacts', () => {
  it('schema/schema.graphql is the current client schema', () => {
    expect(
      read('schema/schema.graphql') === printClientSchema(),
      'schema/schema.graphql is stale: run `npm run schema`',
    ).toBe(true);
  });

  it('schema/subgraph.graphql is the current subgraph schema', () => {
    const current = printSubgraphSdl();
    expect(
      read('schema/subgraph.graphql') === current,
      'schema/subgraph.graphql is stale: run `npm run schema`',
    ).toBe(true);
    expect(current).toContain('@link(url: "https://specs.apollo.dev/federation/v2.6"');
    expect(current).toMatch(/type Thread @key\(fields: "id"\)/);
    expect(current).toMatch(/type Ticket @key\(fields: "id"\)/);
    expect(current).toMatch(/type PageInfo @shareable/);
  });

  it('keeps federation internals out of the client schema', () => {
    const client = printClientSchema();
    for (const internal of ['_entities', '_service', '_Any', '@key', '@link', 'Query.node']) {
      expect(client).not.toContain(internal);
    }
  });
});
