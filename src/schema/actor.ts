import type { HubSpotActor } from '../hubspot/schemas.ts';
import { builder } from './builder.ts';
import type { Known } from './loose.ts';
import { describedEnum, knownOr } from './enums.ts';

const ACTOR_TYPES = describedEnum([
    ['AGENT', 'A HubSpot user (actor id `A-<userId>`).'],
    ['BOT', 'A HubSpot chatbot (actor id `B-…`).'],
    ['INTEGRATOR', 'An integration app (actor id `I-<appId>`).'],
    ['SYSTEM', 'HubSpot itself (actor id `S-hubspot`).'],
    ['VISITOR', 'A website visitor or CRM contact (actor id `V-<contactId>`).'],
    ['EMAIL', 'An email address without a CRM contact (actor id `E-<email>`).'],
    ['LLM', 'A Breeze customer agent (actor id `L-<customerAgentId>`).'],
  ['UNKNOWN', 'A type that HubSpot added after this schema was written: see `rawType`.'],
]);

export const ActorType = builder.enumType('ActorType', {
  description: 'What kind of participant an actor is (HubSpot `PublicActor.type`).',
  values: ACTOR_TYPES.values,
});

export const Actor = builder.objectRef<Known<HubSpotActor>>('Actor').implement({
  description:
    'A participant of a conversation (agent, visitor, bot, …), read through HubSpot’s actors batch endpoint: all actors selected in one request cost one call per 100 ids.',
  fields: (t) => ({
    id: t.exposeID('id', {
      description: 'HubSpot actor id, e.g. `A-2620022` or `V-1401`.',
    }),
    type: t.field({
      type: ActorType,
      description: 'The kind of actor; UNKNOWN for a kind this schema does not know yet.',
      resolve: (actor) => knownOr(ACTOR_TYPES.names, actor.type, 'UNKNOWN'),
    }),
    rawType: t.string({
      resolve: (o) => o.type,
      description: 'HubSpot’s actor type string, as received.',
    }),
    name: t.exposeString('name', {
      nullable: true,
      description: 'Display name, when HubSpot has one.',
    }),
    email: t.exposeString('email', {
      nullable: true,
      description: 'Email address (agents, visitors, email actors).',
    }),
    avatar: t.exposeString('avatar', {
      nullable: true,
      description: 'Avatar image URL, when set.',
    }),
  }),
});
