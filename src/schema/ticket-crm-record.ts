import { builder } from './builder.ts';
import type { Known } from './loose.ts';
import type { HubSpotCrmObject } from '../hubspot/schemas.ts';
import { KeyValue, toKeyValues } from './key-value.ts';
import { DateTime } from './scalars.ts';

export const TicketCrmRecord = builder.objectRef<Known<HubSpotCrmObject>>('TicketCrmRecord').implement({
  description:
    'A snapshot of the CRM ticket record, read through HubSpot’s tickets batch read (the CRM owns tickets; this gateway only shows them next to their conversations).',
  fields: (t) => ({
    // Not `id`: normalised client caches (Apollo, urql, Relay) keep one record per type and id,
    // and this object's fields depend on `Ticket.crmRecord(properties:)`. Without an id it is
    // stored under the ticket's field and arguments, so two selections never overwrite each other.
    ticketId: t.id({
      resolve: (o) => o.id,
      description:
        'HubSpot ticket id (the same as `Ticket.id`). Deliberately not named `id`: what this record holds depends on `crmRecord(properties:)`, so client caches must not merge two of them by id.',
    }),
    subject: t.string({
      nullable: true,
      description: 'Ticket name (CRM property `subject`).',
      resolve: (r) => r.properties.subject ?? null,
    }),
    content: t.string({
      nullable: true,
      description: 'Ticket description (CRM property `content`).',
      resolve: (r) => r.properties.content ?? null,
    }),
    pipeline: t.string({
      nullable: true,
      description: 'Pipeline id (CRM property `hs_pipeline`).',
      resolve: (r) => r.properties.hs_pipeline ?? null,
    }),
    pipelineStage: t.string({
      nullable: true,
      description: 'Pipeline stage id (CRM property `hs_pipeline_stage`).',
      resolve: (r) => r.properties.hs_pipeline_stage ?? null,
    }),
    priority: t.string({
      nullable: true,
      description: 'Priority, e.g. LOW, MEDIUM, HIGH (CRM property `hs_ticket_priority`).',
      resolve: (r) => r.properties.hs_ticket_priority ?? null,
    }),
    createdAt: t.field({
      type: DateTime,
      nullable: true,
      description: 'When the ticket was created.',
      resolve: (r) => r.createdAt ?? r.properties.createdate ?? null,
    }),
    updatedAt: t.field({
      type: DateTime,
      nullable: true,
      description: 'When the ticket was last modified.',
      resolve: (r) => r.updatedAt ?? r.properties.hs_lastmodifieddate ?? null,
    }),
    archived: t.exposeBoolean('archived', {
      description: 'Whether the ticket is archived.',
    }),
    property: t.string({
      nullable: true,
      description:
        'The value of one CRM property, as HubSpot’s string. Only properties that were read are available: the defaults above plus those named in `Ticket.crmRecord(properties:)`.',
      args: {
        name: t.arg.string({
          required: true,
          description: 'Internal CRM property name, e.g. `hs_ticket_category`.',
        }),
      },
      resolve: (r, { name }) => r.properties[name] ?? null,
    }),
    properties: t.field({
      type: [KeyValue],
      description: 'Every property HubSpot returned, by internal name.',
      resolve: (r) => toKeyValues(r.properties),
    }),
  }),
});
