import { builder } from './builder.ts';
import { enumValues, knownOr } from './enums.ts';
import { loaderCost, loadersFor } from './loaders.ts';
import { InboxRef } from './refs.ts';
import { DateTime } from './scalars.ts';

export const InboxType = builder.enumType('InboxType', {
  description: 'Whether an inbox is a conversations inbox or the help desk.',
  values: enumValues([
    ['INBOX', 'A conversations inbox.'],
    ['HELP_DESK', 'The help desk workspace.'],
    ['UNKNOWN', 'A kind that HubSpot added after this schema was written.'],
  ]),
});

InboxRef.implement({
  description:
    'A conversations inbox. All inboxes are read once per GraphQL request (one listInboxes call), however many fields ask for them.',
  fields: (t) => ({
    id: t.id({ resolve: (o) => o.id, description: 'HubSpot inbox id.' }),
    name: t.string({ resolve: (o) => o.name, description: 'The inbox name shown in HubSpot.' }),
    type: t.field({
      type: InboxType,
      description:
        'Conversations inbox or help desk; UNKNOWN for a kind this schema does not know.',
      resolve: (inbox) => knownOr(['INBOX', 'HELP_DESK'], inbox.type, 'UNKNOWN'),
    }),
    archived: t.boolean({
      resolve: (o) => o.archived,
      description: 'Whether the inbox is archived.',
    }),
    createdAt: t.field({
      type: DateTime,
      nullable: true,
      description: 'When the inbox was created.',
      resolve: (inbox) => inbox.createdAt,
    }),
    updatedAt: t.field({
      type: DateTime,
      nullable: true,
      description: 'When the inbox was last changed.',
      resolve: (inbox) => inbox.updatedAt,
    }),
    archivedAt: t.field({
      type: DateTime,
      nullable: true,
      description: 'When the inbox was archived, if it is.',
      resolve: (inbox) => inbox.archivedAt,
    }),
  }),
});

builder.queryField('inboxes', (t) =>
  t.field({
    type: [InboxRef],
    description:
      'Every inbox of the portal that is not archived, in HubSpot’s order. Costs one listInboxes call per request, shared with `Thread.inbox`.',
    extensions: loaderCost.inboxes,
    resolve: async (_root, _args, ctx) => (await loadersFor(ctx).inboxes()).list,
  }),
);
