import type { HubSpotInbox } from '../hubspot/schemas.ts';
import { builder } from './builder.ts';
import type { Known } from './loose.ts';
import { describedEnum, knownOr } from './enums.ts';
import { loaderCost, loadersFor } from './loaders.ts';
import { DateTime } from './scalars.ts';

const INBOX_TYPES = describedEnum([
  ['INBOX', 'A conversations inbox.'],
  ['HELP_DESK', 'The help desk workspace.'],
  ['UNKNOWN', 'A kind that HubSpot added after this schema was written.'],
]);

export const InboxType = builder.enumType('InboxType', {
  description: 'Whether an inbox is a conversations inbox or the help desk.',
  values: INBOX_TYPES.values,
});

export const Inbox = builder.objectRef<Known<HubSpotInbox>>('Inbox').implement({
  description:
    'A conversations inbox. All inboxes are read once per GraphQL request (one listInboxes call), however many fields ask for them.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'HubSpot inbox id.' }),
    name: t.exposeString('name', { description: 'The inbox name shown in HubSpot.' }),
    type: t.field({
      type: InboxType,
      description:
        'Conversations inbox or help desk; UNKNOWN for a kind this schema does not know.',
      resolve: (inbox) => knownOr(INBOX_TYPES.names, inbox.type, 'UNKNOWN'),
    }),
    archived: t.exposeBoolean('archived', {
      description: 'Whether the inbox is archived.',
    }),
    createdAt: t.expose('createdAt', {
      type: DateTime,
      nullable: true,
      description: 'When the inbox was created.',
    }),
    updatedAt: t.expose('updatedAt', {
      type: DateTime,
      nullable: true,
      description: 'When the inbox was last changed.',
    }),
    archivedAt: t.expose('archivedAt', {
      type: DateTime,
      nullable: true,
      description: 'When the inbox was archived, if it is.',
    }),
  }),
});

builder.queryField('inboxes', (t) =>
  t.field({
    type: [Inbox],
    description:
      'Every inbox of the portal that is not archived, in HubSpot’s order. Costs one listInboxes call per request, shared with `Thread.inbox`.',
    extensions: loaderCost.inboxes,
    resolve: async (_root, _args, ctx) => (await loadersFor(ctx).inboxes()).list,
  }),
);
