import type { HubSpotMessage, HubSpotRecipient, HubSpotSender } from '../hubspot/schemas.ts';
import { builder } from './builder.ts';
import { describedEnum, knownOr } from './enums.ts';
import { KeyValue, toKeyValues } from './key-value.ts';
import { loaderCost, loadersFor } from './loaders.ts';
import type { Known } from './loose.ts';
import { Actor } from './actor.ts';

type DeliveryIdentifierShape = { type: string; value: string };
type ClientShape = Known<NonNullable<HubSpotMessage['client']>>;
type StatusShape = Known<NonNullable<HubSpotMessage['status']>>;
type FailureShape = Known<NonNullable<StatusShape['failureDetails']>>;

const DELIVERY_IDENTIFIER_TYPES = describedEnum([
  ['HS_EMAIL_ADDRESS', 'An email address.'],
  ['HS_PHONE_NUMBER', 'A phone number in E.164 format.'],
  ['HS_SHORT_CODE', 'An SMS short code.'],
  ['CHANNEL_SPECIFIC_OPAQUE_ID', 'A channel’s own identifier (Messenger, live chat, …).'],
  ['UNKNOWN', 'A type that HubSpot added after this schema was written: see `rawType`.'],
]);

export const DeliveryIdentifierType = builder.enumType('DeliveryIdentifierType', {
  description: 'What kind of address a delivery identifier is.',
  values: DELIVERY_IDENTIFIER_TYPES.values,
});

const DeliveryIdentifier = builder
  .objectRef<DeliveryIdentifierShape>('DeliveryIdentifier')
  .implement({
    description: 'The address a message was sent from or delivered to on its channel.',
    fields: (t) => ({
      type: t.field({
        type: DeliveryIdentifierType,
        description: 'Kind of address; UNKNOWN for kinds this schema does not know.',
        resolve: (d) => knownOr(DELIVERY_IDENTIFIER_TYPES.names, d.type, 'UNKNOWN'),
      }),
      rawType: t.string({
        resolve: (o) => o.type,
        description: 'HubSpot’s identifier type string, as received.',
      }),
      value: t.exposeString('value', {
        description:
          'The address: an email address, an E.164 phone number or a channel-specific id.',
      }),
    }),
  });

export const MessageSender = builder.objectRef<Known<HubSpotSender>>('MessageSender').implement({
  description: 'Who sent a message.',
  fields: (t) => ({
    actorId: t.exposeID('actorId', {
      nullable: true,
      description: 'HubSpot actor id, e.g. `V-1401`.',
    }),
    name: t.exposeString('name', {
      nullable: true,
      description: 'Sender name as shown on the message.',
    }),
    senderField: t.exposeString('senderField', {
      nullable: true,
      description: 'Which header named the sender (email: FROM), as HubSpot sent it.',
    }),
    deliveryIdentifier: t.expose('deliveryIdentifier', {
      type: DeliveryIdentifier,
      nullable: true,
      description: 'The sender’s address on the channel.',
    }),
    actor: t.field({
      type: Actor,
      nullable: true,
      description:
        'The sender as an actor. Batched: all actors of a request cost one actors batch-read call per 100 ids. Null when HubSpot does not know the actor.',
      extensions: loaderCost.actor,
      resolve: (s, _args, ctx) => (s.actorId ? loadersFor(ctx).actor.load(s.actorId) : null),
    }),
  }),
});

export const MessageRecipient = builder.objectRef<Known<HubSpotRecipient>>('MessageRecipient').implement({
  description: 'Who a message was sent to.',
  fields: (t) => ({
    actorId: t.exposeID('actorId', {
      nullable: true,
      description: 'HubSpot actor id, when known.',
    }),
    name: t.exposeString('name', {
      nullable: true,
      description: 'Recipient name as shown on the message.',
    }),
    recipientField: t.exposeString('recipientField', {
      nullable: true,
      description: 'Email recipient field (TO, CC or BCC), as HubSpot sent it.',
    }),
    deliveryIdentifier: t.expose('deliveryIdentifier', {
      type: DeliveryIdentifier,
      nullable: true,
      description: 'The recipient’s address on the channel.',
    }),
    actor: t.field({
      type: Actor,
      nullable: true,
      description:
        'The recipient as an actor (batched like `MessageSender.actor`). Null when there is no actor id or HubSpot does not know it.',
      extensions: loaderCost.actor,
      resolve: (r, _args, ctx) => (r.actorId ? loadersFor(ctx).actor.load(r.actorId) : null),
    }),
  }),
});

const CLIENT_TYPES = describedEnum([
  ['HUBSPOT', 'HubSpot’s own apps (inbox, chat widget, …).'],
  ['INTEGRATION', 'An integration app: see `integrationAppId`.'],
  ['SYSTEM', 'HubSpot automation.'],
  ['UNKNOWN', 'HubSpot does not say, or sent a client type this schema does not know.'],
]);

export const MessageClientType = builder.enumType('MessageClientType', {
  description: 'What created a message.',
  values: CLIENT_TYPES.values,
});

export const MessageClient = builder.objectRef<ClientShape>('MessageClient').implement({
  description: 'The client that created a message.',
  fields: (t) => ({
    clientType: t.field({
      type: MessageClientType,
      description: 'Kind of client; UNKNOWN for kinds this schema does not know.',
      resolve: (c) => knownOr(CLIENT_TYPES.names, c.clientType, 'UNKNOWN'),
    }),
    integrationAppId: t.int({
      nullable: true,
      description: 'The integration app id, when `clientType` is INTEGRATION.',
      resolve: (c) => {
        // HubSpot documents int32 and sends a JSON number; tolerate a numeric string.
        const id = Number(c.integrationAppId);
        return c.integrationAppId !== undefined &&
          Number.isSafeInteger(id) &&
          Math.abs(id) <= 2 ** 31 - 1
          ? id
          : null;
      },
    }),
  }),
});

const STATUS_TYPES = describedEnum([
  ['SENT', 'Sent by HubSpot.'],
  ['RECEIVED', 'Received by HubSpot.'],
  ['READ', 'Read by the recipient.'],
  ['FAILED', 'Delivery failed: see `failureDetails`.'],
  ['UNKNOWN', 'A state that HubSpot added after this schema was written.'],
]);

export const MessageStatusType = builder.enumType('MessageStatusType', {
  description: 'Delivery state of a channel message.',
  values: STATUS_TYPES.values,
});

const MessageFailureDetails = builder.objectRef<FailureShape>('MessageFailureDetails').implement({
  description: 'Why a message could not be delivered.',
  fields: (t) => ({
    errorMessage: t.exposeString('errorMessage', {
      nullable: true,
      description: 'HubSpot’s error message.',
    }),
    errorMessageTokens: t.field({
      type: [KeyValue],
      description: 'Values substituted into the error message, by name.',
      resolve: (f) => toKeyValues(f.errorMessageTokens),
    }),
  }),
});

export const MessageStatus = builder.objectRef<StatusShape>('MessageStatus').implement({
  description: 'Delivery state of a channel message.',
  fields: (t) => ({
    statusType: t.field({
      type: MessageStatusType,
      description: 'The state; UNKNOWN for states this schema does not know.',
      resolve: (s) => knownOr(STATUS_TYPES.names, s.statusType, 'UNKNOWN'),
    }),
    failureDetails: t.expose('failureDetails', {
      type: MessageFailureDetails,
      nullable: true,
      description: 'Why delivery failed (FAILED only).',
    }),
  }),
});
