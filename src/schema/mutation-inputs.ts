import { builder } from './builder.ts';
import { DeliveryIdentifierType } from './message-parts.ts';
import { ThreadStatus } from './thread-status.ts';

/** The inputs of the mutations (contract: live.graphql). Checked in mutation-validation.ts. */

export const ThreadInput = builder.inputType('ThreadInput', {
  description: 'Which thread a mutation acts on.',
  fields: (t) => ({
    threadId: t.id({ required: true, description: 'HubSpot thread id (decimal digits).' }),
  }),
});

export const SetThreadStatusInput = builder.inputType('SetThreadStatusInput', {
  description: 'Close (CLOSED) or reopen (OPEN) a thread.',
  fields: (t) => ({
    threadId: t.id({ required: true, description: 'HubSpot thread id (decimal digits).' }),
    status: t.field({ type: ThreadStatus, required: true, description: 'The status to set.' }),
  }),
});

export const AssignThreadInput = builder.inputType('AssignThreadInput', {
  description: 'Assign a thread to an agent.',
  fields: (t) => ({
    threadId: t.id({ required: true, description: 'HubSpot thread id (decimal digits).' }),
    actorId: t.id({
      required: true,
      description: 'Actor id of a HubSpot user, e.g. A-2620022.',
    }),
  }),
});

export const DeliveryIdentifierInput = builder.inputType('DeliveryIdentifierInput', {
  description: 'A recipient’s address on the channel.',
  fields: (t) => ({
    type: t.field({
      type: DeliveryIdentifierType,
      required: true,
      description: 'Kind of address (UNKNOWN is refused: it is for reading only).',
    }),
    value: t.string({ required: true, description: 'The address, e.g. jane@example.com.' }),
  }),
});

export const MessageRecipientInput = builder.inputType('MessageRecipientInput', {
  description: 'One recipient of a sent message.',
  fields: (t) => ({
    actorId: t.id({ description: 'The recipient’s actor id, when known (e.g. V-1401).' }),
    name: t.string({ description: 'Display name.' }),
    deliveryIdentifier: t.field({
      type: DeliveryIdentifierInput,
      required: true,
      description: 'Where to deliver the message.',
    }),
  }),
});

export const SendThreadMessageInput = builder.inputType('SendThreadMessageInput', {
  description:
    'A message to send on a thread’s channel. Only `threadId`, `text` and `senderActorId` are needed for a reply: channel, channel account and recipients default from the thread.',
  fields: (t) => ({
    threadId: t.id({ required: true, description: 'HubSpot thread id (decimal digits).' }),
    text: t.string({ required: true, description: 'Plain-text body.' }),
    richText: t.string({ description: 'HTML body.' }),
    subject: t.string({ description: 'Email subject (email channels).' }),
    senderActorId: t.id({
      required: true,
      description: 'The sending agent’s actor id, e.g. A-2620022.',
    }),
    channelId: t.id({ description: 'Defaults to the thread’s original channel.' }),
    channelAccountId: t.id({ description: 'Defaults to the thread’s original channel account.' }),
    recipients: t.field({
      type: [MessageRecipientInput],
      description: 'Defaults to the senders of the thread’s latest incoming message (a reply).',
    }),
    fileIds: t.idList({ description: 'Ids of files already in HubSpot’s file manager.' }),
    idempotencyKey: t.string({
      description:
        'A retry with the same key (same caller, within 24 hours) returns the first attempt’s result and sends nothing. After an attempt whose outcome is unknown (a timeout), the retry first looks for that message in the thread’s history and sends only if it is not there.',
    }),
  }),
});

export const AddThreadCommentInput = builder.inputType('AddThreadCommentInput', {
  description: 'An internal comment (note) to add to a thread; never shown to the visitor.',
  fields: (t) => ({
    threadId: t.id({ required: true, description: 'HubSpot thread id (decimal digits).' }),
    text: t.string({ required: true, description: 'Plain-text body.' }),
    richText: t.string({ description: 'HTML body.' }),
    fileIds: t.idList({ description: 'Ids of files already in HubSpot’s file manager.' }),
    idempotencyKey: t.string({
      description:
        'A retry with the same key (same caller, within 24 hours) returns the first attempt’s result and sends nothing.',
    }),
  }),
});

export type ThreadInputShape = typeof ThreadInput.$inferInput;
export type SetThreadStatusInputShape = typeof SetThreadStatusInput.$inferInput;
export type AssignThreadInputShape = typeof AssignThreadInput.$inferInput;
export type SendThreadMessageInputShape = typeof SendThreadMessageInput.$inferInput;
export type AddThreadCommentInputShape = typeof AddThreadCommentInput.$inferInput;
