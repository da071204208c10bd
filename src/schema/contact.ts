import { builder } from './builder.ts';

/**
 * Contact is the CRM subgraph's entity. This subgraph only references it: a stub keyed by `id`
 * with `resolvable: false` (no `_entities` resolver here, no upstream call), so that the
 * supergraph can join the CRM's contact fields onto `Thread.associatedContact`.
 */
export const Contact = builder.objectRef<{ id: string }>('Contact').implement({
  description:
    'A CRM contact (the CRM subgraph owns contacts). The conversations API references it by id only (`Thread.associatedContact`, HubSpot’s `associatedContactId`); in the company supergraph the CRM subgraph resolves its other fields (name, email, …). The id may be a visitor id that the CRM does not know (yet): the CRM’s fields are then null.',
  fields: (t) => ({
    id: t.exposeID('id', {
      description:
        'HubSpot CRM contact id, or a visitor id when HubSpot has not created the contact yet.',
    }),
  }),
});

builder.asEntity(Contact, {
  key: builder.keyDirective(builder.selection<{ id: string }>('id'), false),
  // Never called: the key is not resolvable here (the supergraph asks the CRM subgraph).
  resolveReference: (contact) => contact,
});
