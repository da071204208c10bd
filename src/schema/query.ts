import { builder } from './builder.ts';

builder.queryType({
  description:
    'Read access to HubSpot conversations: threads, their messages, tickets and inboxes. Each field’s description states its upstream (HubSpot) cost.',
});
