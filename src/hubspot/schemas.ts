/**
 * zod schemas for the HubSpot JSON this gateway reads. Types come from `z.infer`, never from
 * hand-written twins.
 *
 * HubSpot treats new response fields and new enum values as non-breaking
 * (developers.hubspot.com/docs/breaking-change-definition), so every object is "loose" (extra keys
 * kept, never rejected) and every enum that HubSpot may extend is a plain string here; the schema
 * layer maps unknown values to its UNKNOWN fallbacks.
 */
import { z } from 'zod';

const dateTime = z.string();
/** HubSpot ids are strings in JSON even where the path takes an integer; tolerate numbers too. */
const id = z.union([z.string(), z.number()]).transform(String);

export const pagingSchema = z.looseObject({
  next: z.looseObject({ after: z.string(), link: z.string().optional() }).optional(),
});

export const threadSchema = z.looseObject({
  id,
  createdAt: dateTime,
  status: z.string(),
  closedAt: dateTime.optional(),
  inboxId: id,
  associatedContactId: id,
  assignedTo: z.string().optional(),
  originalChannelId: id,
  originalChannelAccountId: id,
  latestMessageTimestamp: dateTime.optional(),
  latestMessageSentTimestamp: dateTime.optional(),
  latestMessageReceivedTimestamp: dateTime.optional(),
  spam: z.boolean(),
  archived: z.boolean(),
  threadAssociations: z.looseObject({ associatedTicketId: id.optional() }).optional(),
});
export type HubSpotThread = z.infer<typeof threadSchema>;

export const threadPageSchema = z.looseObject({
  results: z.array(threadSchema),
  paging: pagingSchema.optional(),
});
export type HubSpotThreadPage = z.infer<typeof threadPageSchema>;

export const deliveryIdentifierSchema = z.looseObject({ type: z.string(), value: z.string() });

export const senderSchema = z.looseObject({
  actorId: z.string().optional(),
  name: z.string().optional(),
  senderField: z.string().optional(),
  deliveryIdentifier: deliveryIdentifierSchema.optional(),
});
export type HubSpotSender = z.infer<typeof senderSchema>;

export const recipientSchema = z.looseObject({
  actorId: z.string().optional(),
  name: z.string().optional(),
  recipientField: z.string().optional(),
  deliveryIdentifier: deliveryIdentifierSchema.optional(),
});
export type HubSpotRecipient = z.infer<typeof recipientSchema>;

export const clientSchema = z.looseObject({
  clientType: z.string(),
  // HubSpot documents int32 and sends a JSON number; some connectors assumed a string.
  integrationAppId: z.union([z.number(), z.string()]).optional(),
});

export const messageStatusSchema = z.looseObject({
  statusType: z.string(),
  failureDetails: z
    .looseObject({
      errorMessageTokens: z.record(z.string(), z.string()).optional(),
      errorMessage: z.string().optional(),
    })
    .optional(),
});

/** Attachments: dispatch on `type`; unknown kinds are kept as-is for the UNKNOWN fallback. */
export const attachmentSchema = z.looseObject({ type: z.string() });
export type HubSpotAttachment = z.infer<typeof attachmentSchema> & Record<string, unknown>;

const messageBase = {
  id: z.string(),
  type: z.string(),
  conversationsThreadId: id,
  createdAt: dateTime,
  updatedAt: dateTime.optional(),
  createdBy: z.string(),
  client: clientSchema.optional(),
  senders: z.array(senderSchema).optional().default([]),
  recipients: z.array(recipientSchema).optional().default([]),
  archived: z.boolean().optional().default(false),
};

/**
 * One schema for every message type: the type-specific fields are optional here and the GraphQL
 * layer dispatches on `type`. A strict per-type union would reject a message type HubSpot adds.
 */
export const messageSchema = z.looseObject({
  ...messageBase,
  text: z.string().nullish(),
  richText: z.string().nullish(),
  subject: z.string().nullish(),
  attachments: z.array(attachmentSchema).optional().default([]),
  truncationStatus: z.string().optional(),
  direction: z.string().optional(),
  channelId: id.optional(),
  channelAccountId: id.optional(),
  inReplyToId: z.string().optional(),
  status: messageStatusSchema.optional(),
  assignedTo: z.string().nullish(),
  assignedFrom: z.string().nullish(),
  newStatus: z.string().optional(),
  fromInboxId: id.optional(),
  toInboxId: id.optional(),
});
export type HubSpotMessage = z.infer<typeof messageSchema>;

export const messagePageSchema = z.looseObject({
  results: z.array(messageSchema),
  paging: pagingSchema.optional(),
});
export type HubSpotMessagePage = z.infer<typeof messagePageSchema>;

export const messageContentSchema = z.looseObject({
  text: z.string().nullish(),
  richText: z.string().nullish(),
});
export type HubSpotMessageContent = z.infer<typeof messageContentSchema>;

export const actorSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  avatar: z.string().nullish(),
});
export type HubSpotActor = z.infer<typeof actorSchema>;

export const batchErrorSchema = z.looseObject({
  status: z.string().optional(),
  category: z.string().optional(),
  message: z.string().optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
});

export const actorBatchSchema = z.looseObject({
  status: z.string().optional(),
  results: z.array(actorSchema),
  numErrors: z.number().optional(),
  errors: z.array(batchErrorSchema).optional(),
});
export type HubSpotActorBatch = z.infer<typeof actorBatchSchema>;

export const inboxSchema = z.looseObject({
  id,
  name: z.string(),
  type: z.string().optional(),
  createdAt: dateTime.optional(),
  updatedAt: dateTime.optional(),
  archived: z.boolean().optional().default(false),
  archivedAt: dateTime.optional(),
});
export type HubSpotInbox = z.infer<typeof inboxSchema>;

export const inboxPageSchema = z.looseObject({
  total: z.number().optional(),
  results: z.array(inboxSchema),
  paging: pagingSchema.optional(),
});
export type HubSpotInboxPage = z.infer<typeof inboxPageSchema>;

export const crmObjectSchema = z.looseObject({
  id,
  properties: z.record(z.string(), z.string().nullable()),
  createdAt: dateTime.optional(),
  updatedAt: dateTime.optional(),
  archived: z.boolean().optional().default(false),
  archivedAt: dateTime.optional(),
});
export type HubSpotCrmObject = z.infer<typeof crmObjectSchema>;

export const crmBatchSchema = z.looseObject({
  status: z.string().optional(),
  results: z.array(crmObjectSchema),
  numErrors: z.number().optional(),
  errors: z.array(batchErrorSchema).optional(),
});
export type HubSpotCrmBatch = z.infer<typeof crmBatchSchema>;

/** A 204's (absent) body; any JSON a proxy might add instead is accepted and ignored. */
export const noBodySchema = z.unknown();

/** HubSpot documents every error-body field as optional: parse defensively. */
export const errorBodySchema = z.looseObject({
  status: z.string().optional(),
  message: z.string().optional(),
  correlationId: z.string().optional(),
  category: z.string().optional(),
  subCategory: z.string().optional(),
  errorType: z.string().optional(),
  policyName: z.string().optional(),
  errors: z
    .array(
      z.looseObject({
        message: z.string().optional(),
        code: z.string().optional(),
        /** The request field at fault (validation errors), e.g. `senderActorId`. */
        in: z.string().optional(),
        context: z.record(z.string(), z.array(z.string())).optional(),
      }),
    )
    .optional(),
});
export type HubSpotErrorBody = z.infer<typeof errorBodySchema>;
