/**
 * What the gateway must answer for simulated HubSpot data, computed from `sim.data` with the
 * schema's documented mapping rules (never hard-coded results).
 */
import type { SimAttachment, SimMessage, SimulatedDataset } from '../../src/simulator/index.ts';

const iso = (value: string) => new Date(value).toISOString();
const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);
const known = <T extends string>(values: readonly T[], raw: string): string =>
  (values as readonly string[]).includes(raw) ? raw : 'UNKNOWN';

const MESSAGE_TYPENAME: Record<string, string> = {
  MESSAGE: 'ChannelMessage',
  COMMENT: 'ThreadComment',
  WELCOME_MESSAGE: 'WelcomeMessage',
  ASSIGNMENT: 'AssignmentChange',
  THREAD_STATUS_CHANGE: 'ThreadStatusChange',
  THREAD_INBOX_CHANGE: 'ThreadInboxChange',
};

export function messageTypename(m: { type: string }): string {
  return MESSAGE_TYPENAME[m.type] ?? 'UnknownMessage';
}

export function expectedActor(data: SimulatedDataset, id: string | undefined) {
  const actor = id === undefined ? undefined : data.actors.get(id);
  if (!actor) return null;
  const a = actor as { id: string; type: string; name?: string; email?: string; avatar?: string };
  return {
    id: a.id,
    type: a.type,
    name: orNull(a.name),
    email: orNull(a.email),
    avatar: orNull(a.avatar),
  };
}

const entries = (map: Record<string, unknown>) =>
  Object.entries(map).map(([key, value]) => ({ key, value: String(value) }));

/** An attachment as the `AttachmentFields` fragment of ThreadDetail.graphql selects it. */
export function expectedAttachment(a: SimAttachment): Record<string, unknown> {
  switch (a.type) {
    case 'FILE':
      return {
        __typename: 'FileAttachment',
        type: 'FILE',
        fileId: a.fileId,
        fileUsageType: a.fileUsageType,
        name: orNull(a.name),
        url: orNull(a.url),
      };
    case 'LOCATION':
      return {
        __typename: 'LocationAttachment',
        type: 'LOCATION',
        latitude: a.latitude,
        longitude: a.longitude,
        address: orNull(a.address),
        name: orNull(a.name),
        url: orNull(a.url),
      };
    case 'CONTACT': {
      const p = a.contactProfile;
      return {
        __typename: 'ContactAttachment',
        type: 'CONTACT',
        contactProfile: {
          name: p.name
            ? { firstName: orNull(p.name.firstName), lastName: orNull(p.name.lastName) }
            : null,
          org: p.org ? { company: orNull(p.org.company), title: orNull(p.org.title) } : null,
          emails: p.emails.map((e) => ({ type: orNull(e.type), email: e.email })),
          phones: p.phones.map((e) => ({ type: orNull(e.type), phone: e.phone })),
          addresses: p.addresses.map((e) => ({
            type: orNull(e.type),
            street: orNull(e.street),
            city: orNull(e.city),
            countryCode: orNull(e.countryCode),
          })),
          urls: p.urls.map((e) => ({ type: orNull(e.type), url: e.url })),
        },
      };
    }
    case 'UNSUPPORTED_CONTENT':
      return { __typename: 'UnsupportedContentAttachment', type: 'UNSUPPORTED_CONTENT' };
    case 'MESSAGE_HEADER':
      return {
        __typename: 'MessageHeaderAttachment',
        type: 'MESSAGE_HEADER',
        fileId: a.fileId === undefined ? null : String(a.fileId),
        text: orNull(a.text),
      };
    case 'QUICK_REPLIES':
      return {
        __typename: 'QuickRepliesAttachment',
        type: 'QUICK_REPLIES',
        allowMultiSelect: a.allowMultiSelect,
        allowUserInput: a.allowUserInput,
        quickReplies: a.quickReplies.map((r) => ({
          value: r.value,
          valueType: r.valueType,
          label: orNull(r.label),
        })),
      };
    case 'WHATSAPP_TEMPLATE_METADATA':
      return {
        __typename: 'WhatsAppTemplateMetadataAttachment',
        type: 'WHATSAPP_TEMPLATE_METADATA',
        crmObjectIds: entries(a.crmObjectIds),
        parameters: entries(a.parameters),
        contentId: a.contentId === undefined ? null : String(a.contentId),
        mappedTemplateId: a.mappedTemplateId === undefined ? null : String(a.mappedTemplateId),
        rootMicId: a.rootMicId === undefined ? null : String(a.rootMicId),
      };
    case 'SOCIAL_MEDIA_METADATA': {
      const s = a.socialMetadata;
      return {
        __typename: 'SocialMediaMetadataAttachment',
        type: 'SOCIAL_MEDIA_METADATA',
        socialMetadata: {
          mediaType: known(
            [
              'ARTICLE',
              'AUDIO',
              'CAROUSEL',
              'DOCUMENT',
              'GIF',
              'LINK',
              'NONE',
              'PHOTO',
              'POLL',
              'STORY',
              'VIDEO',
            ],
            s.mediaType,
          ),
          id: orNull(s.id),
          mediaTitle: orNull(s.mediaTitle),
          mediaUrl: orNull(s.mediaUrl),
          thumbnailUrl: orNull(s.thumbnailUrl),
        },
      };
    }
    default:
      return {
        __typename: 'UnknownAttachment',
        type: 'UNKNOWN',
        rawType: (a as { type: string }).type,
      };
  }
}

/** A message as ThreadDetail.graphql selects it. */
export function expectedDetailMessage(
  data: SimulatedDataset,
  m: SimMessage,
): Record<string, unknown> {
  const common = {
    __typename: messageTypename(m),
    id: m.id,
    type: MESSAGE_TYPENAME[m.type] ? m.type : 'UNKNOWN',
    threadId: m.conversationsThreadId,
    createdAt: iso(m.createdAt),
    updatedAt: m.updatedAt === undefined ? null : iso(m.updatedAt),
    createdBy: m.createdBy,
    archived: m.archived,
    client: {
      clientType: known(['HUBSPOT', 'INTEGRATION', 'SYSTEM'], m.client.clientType),
      integrationAppId: orNull(m.client.integrationAppId),
    },
    senders: m.senders.map((s) => ({
      actorId: orNull(s.actorId),
      name: orNull(s.name),
      senderField: orNull(s.senderField),
      deliveryIdentifier: s.deliveryIdentifier
        ? { type: s.deliveryIdentifier.type, value: s.deliveryIdentifier.value }
        : null,
      actor: expectedActor(data, s.actorId),
    })),
    recipients: m.recipients.map((r) => ({
      actorId: orNull(r.actorId),
      name: orNull(r.name),
      recipientField: orNull(r.recipientField),
      deliveryIdentifier: { type: r.deliveryIdentifier.type, value: r.deliveryIdentifier.value },
    })),
  };
  switch (m.type) {
    case 'MESSAGE':
      return {
        ...common,
        text: m.text,
        richText: orNull(m.richText),
        subject: orNull(m.subject),
        direction: m.direction,
        truncationStatus: m.truncationStatus,
        channelId: m.channelId,
        channelAccountId: m.channelAccountId,
        inReplyToId: orNull(m.inReplyToId),
        status: m.status
          ? {
              statusType: m.status.statusType,
              failureDetails: m.status.failureDetails
                ? {
                    errorMessage: orNull(m.status.failureDetails.errorMessage),
                    errorMessageTokens: entries(m.status.failureDetails.errorMessageTokens),
                  }
                : null,
            }
          : null,
        attachments: m.attachments.map(expectedAttachment),
      };
    case 'COMMENT':
      return {
        ...common,
        text: m.text,
        richText: m.richText,
        attachments: m.attachments.map(expectedAttachment),
      };
    case 'WELCOME_MESSAGE':
      return {
        ...common,
        text: m.text,
        richText: orNull(m.richText),
        channelId: m.channelId,
        channelAccountId: m.channelAccountId,
      };
    case 'ASSIGNMENT':
      return { ...common, assignedTo: orNull(m.assignedTo), assignedFrom: orNull(m.assignedFrom) };
    case 'THREAD_STATUS_CHANGE':
      return { ...common, newStatus: m.newStatus };
    case 'THREAD_INBOX_CHANGE':
      return { ...common, fromInboxId: m.fromInboxId, toInboxId: m.toInboxId };
    default:
      return { ...common, rawType: (m as { type: string }).type };
  }
}
