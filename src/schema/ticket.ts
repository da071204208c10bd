import { builder } from './builder.ts';
import { connectionArgsDescriptions, forwardConnectionCost } from './connection.ts';
import { loaderCost, loadersFor } from './loaders.ts';
import { Ticket } from './refs.ts';
import { TicketCrmRecord } from './ticket-crm-record.ts';
import { resolveThreadList, ThreadConnection } from './thread.ts';
import { assertHubSpotId, badUserInput, isHubSpotId } from './validation.ts';

const PROPERTY_NAME = /^[A-Za-z0-9_]{1,100}$/;
/** Extra CRM properties one `crmRecord` may ask for. */
const MAX_EXTRA_PROPERTIES = 50;

Ticket.implement({
  description:
    'A HubSpot ticket, as far as conversations know it. The CRM subgraph owns the ticket’s own fields; `crmRecord` shows a read-only snapshot.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'HubSpot ticket id.' }),
    threads: t.field({
      type: ThreadConnection,
      description:
        'Threads associated with this ticket (listThreads with `associatedTicketId`): one call per page.',
      args: {
        first: t.arg.int({ description: connectionArgsDescriptions.first }),
        after: t.arg.string({ description: connectionArgsDescriptions.after }),
      },
      extensions: forwardConnectionCost,
      resolve: (ticket, args, ctx) => {
        const id = assertHubSpotId(ticket.id, 'Ticket.id');
        return resolveThreadList('ticket-threads', id, { associatedTicketId: id }, args, ctx);
      },
    }),
    crmRecord: t.field({
      type: TicketCrmRecord,
      nullable: true,
      description:
        'The CRM ticket record (subject, pipeline, priority, …); null when the CRM has no such ticket. All tickets of a request are read together: one tickets batch-read call per 100 tickets.',
      args: {
        properties: t.arg.stringList({
          description: `Further CRM property names to read, for \`property(name:)\` (at most ${MAX_EXTRA_PROPERTIES}).`,
        }),
      },
      extensions: loaderCost.ticketRecord,
      resolve: (ticket, args, ctx) => {
        const extra = args.properties ?? [];
        if (
          extra.length > MAX_EXTRA_PROPERTIES ||
          extra.some((name) => !PROPERTY_NAME.test(name))
        ) {
          throw badUserInput(
            `\`properties\` takes at most ${MAX_EXTRA_PROPERTIES} internal CRM property names (letters, digits and underscores), e.g. "hs_ticket_category".`,
          );
        }
        if (!isHubSpotId(ticket.id)) return null;
        return loadersFor(ctx).ticketRecord(extra).load(ticket.id);
      },
    }),
  }),
});

/**
 * Not `Query.ticket`: the CRM subgraph owns tickets and serves `Query.ticket(id)` in the company
 * supergraph, and two subgraphs defining the same root field do not compose (unless both mark it
 * @shareable and resolve it identically, which they would not: this one never checks existence).
 */
builder.queryField('conversationsTicket', (t) =>
  t.field({
    type: Ticket,
    nullable: true,
    description:
      'A ticket by its HubSpot id, as an entry point to its conversations (`threads`) and CRM snapshot (`crmRecord`). Costs no call by itself (it does not check that the ticket exists). Named for this API so that it never clashes with the CRM’s own `ticket(id)` in the company supergraph.',
    args: { id: t.arg.id({ required: true, description: 'HubSpot ticket id (decimal digits).' }) },
    resolve: (_root, { id }) => ({ id: assertHubSpotId(id, 'id') }),
  }),
);

builder.asEntity(Ticket, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: ({ id }) => ({ id }),
});
