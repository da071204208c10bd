import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client/core/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness.ts';
import { startServerHarness } from '../server/support.ts';

/**
 * Apollo Client's normalised cache keeps one record per `__typename` + `id`. A ticket's
 * `crmRecord(properties:)` holds different properties for different arguments, so it must not be
 * identified by an `id`, or two components asking differently overwrite each other's data.
 */
describe("Ticket.crmRecord in Apollo Client's InMemoryCache", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServerHarness();
  });
  afterAll(() => h.close());

  it('two selections with different `properties` keep what the server sent for each', async () => {
    const ticket = [...h.sim.data.ticketById.values()].find(
      (t) => !t.archived && t.properties.hs_ticket_category,
    );
    expect(ticket).toBeDefined();
    const client = new ApolloClient({
      cache: new InMemoryCache(),
      link: new HttpLink({
        uri: 'http://gateway.test/graphql',
        fetch: async (input, init) => await h.gateway.yoga.fetch(String(input), init ?? {}),
      }),
    });
    const DEFAULTS = gql`
      query TicketDefaults($id: ID!) {
        conversationsTicket(id: $id) {
          id
          crmRecord {
            ticketId
            subject
            properties {
              key
              value
            }
          }
        }
      }
    `;
    const WITH_CATEGORY = gql`
      query TicketWithCategory($id: ID!) {
        conversationsTicket(id: $id) {
          id
          crmRecord(properties: ["hs_ticket_category"]) {
            ticketId
            subject
            properties {
              key
              value
            }
          }
        }
      }
    `;
    type Result = {
      conversationsTicket: {
        crmRecord: { ticketId: string; properties: Array<{ key: string; value: string }> };
      };
    };
    const keys = (data: Result) => data.conversationsTicket.crmRecord.properties.map((p) => p.key);

    h.reset();
    const watched: Result[] = [];
    const subscription = client
      .watchQuery<Result>({ query: DEFAULTS, variables: { id: ticket!.id } })
      .subscribe({ next: ({ data }) => data && watched.push(data) });
    await expect.poll(() => watched.length).toBeGreaterThan(0);
    const defaults = watched.at(-1) as Result;
    expect(keys(defaults)).not.toContain('hs_ticket_category');
    expect(defaults.conversationsTicket.crmRecord.ticketId).toBe(ticket!.id);

    const withCategory = await client.query<Result>({
      query: WITH_CATEGORY,
      variables: { id: ticket!.id },
    });
    expect(keys(withCategory.data)).toContain('hs_ticket_category');
    // One tickets batch read per query: the two selections are two different reads.
    const reads = h.upstream().filter((r) => r.operation === 'batchReadTickets');
    expect(reads).toHaveLength(2);
    expect(h.upstream()).toHaveLength(2);

    // The watched query still shows exactly what the server sent for it.
    await new Promise((r) => setTimeout(r, 50));
    expect(keys(watched.at(-1) as Result)).toEqual(keys(defaults));
    const cached = client.readQuery<Result>({ query: DEFAULTS, variables: { id: ticket!.id } });
    expect(cached && keys(cached)).toEqual(keys(defaults));
    subscription.unsubscribe();
    client.stop();
  });
});
