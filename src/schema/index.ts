import { builder } from './builder.ts';
import './query.ts';
import './scalars.ts';
import './key-value.ts';
import './actor.ts';
import './inbox.ts';
import './attachment.ts';
import './message-parts.ts';
import './message.ts';
import './contact.ts';
import './thread.ts';
import './ticket-crm-record.ts';
import './ticket.ts';
import './user-error.ts';
import './mutation-inputs.ts';
import './mutation-payloads.ts';
import './mutation.ts';

/**
 * The gateway's schema: a federation 2 subgraph. Thread and Ticket are entities keyed by id
 * (resolved here through the per-request loaders); Contact is the CRM's entity, referenced by id
 * only (`resolvable: false`). See docs/federation.md.
 */
export const schema = builder.toSubGraphSchema({
  linkUrl: 'https://specs.apollo.dev/federation/v2.6',
});
