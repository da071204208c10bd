import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_THREAD_ID } from '../../src/server/graphiql-example.ts';
import type { Harness } from '../helpers/harness.ts';
import { startServerHarness } from '../server/support.ts';

/**
 * The README states what its example operations cost ("…, 4 HubSpot calls …" in the paragraph
 * before each ```graphql block): each statement is checked against `extensions.cost` and the
 * calls the simulated portal saw, so the README cannot drift from the API again.
 */
const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
const WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };

const examples = [...README.matchAll(/([^\n]*(?:\n[^\n]+)*)\n\n```graphql\n([\s\S]*?)```/g)]
  .map((m) => {
    const paragraph = (m[1] ?? '').split('\n\n').at(-1) ?? '';
    const stated = /\b(\d+|one|two|three|four|five) (?:HubSpot )?calls?\b/i.exec(paragraph)?.[1];
    const name = /(?:query|mutation) (\w+)/.exec(m[2] ?? '')?.[1];
    return { name, document: m[2] as string, stated: stated && (WORDS[stated] ?? Number(stated)) };
  })
  .filter((e): e is { name: string; document: string; stated: number } => !!e.stated && !!e.name);

/** Variables the README's examples take, with values of the simulated portal. */
const VARIABLES = { id: EXAMPLE_THREAD_ID };

describe("the README's cost statements", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServerHarness();
  });
  afterAll(() => h.close());

  it('covers the README examples that state a cost', () => {
    expect(examples.map((e) => e.name)).toEqual(
      expect.arrayContaining(['InboxPage', 'ThreadDetail']),
    );
  });

  it.each(examples.map((e) => [e.name, e] as const))(
    '%s costs what the README says',
    async (_name, example) => {
      h.reset();
      const uses = [...example.document.matchAll(/\$(\w+)/g)].map((m) => m[1] as string);
      const variables = Object.fromEntries(
        Object.entries(VARIABLES).filter(([key]) => uses.includes(key)),
      );
      const result = await h.gql(example.document, variables);
      expect(result.errors).toBeUndefined();
      const cost = result.extensions?.cost as { estimated: number; actual: number };
      expect(cost.actual).toBe(example.stated);
      expect(h.upstream()).toHaveLength(example.stated);
    },
  );
});
