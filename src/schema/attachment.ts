import type { ObjectFieldBuilder } from '@pothos/core';
import type { HubSpotAttachment } from '../hubspot/schemas.ts';
import { builder, type GatewaySchemaTypes } from './builder.ts';
import { describedEnum, enumValues, knownOr } from './enums.ts';
import { KeyValue, toKeyValues } from './key-value.ts';
import { idStr, type Loose, num, obj, objects, str } from './loose.ts';

const ATTACHMENT_TYPES = describedEnum([
  ['FILE', 'A file (image, audio, sticker, …) stored in HubSpot’s file manager.'],
  ['LOCATION', 'A shared geographic location.'],
  ['CONTACT', 'A shared contact card.'],
  ['UNSUPPORTED_CONTENT', 'Content the channel sent that HubSpot cannot display.'],
  ['MESSAGE_HEADER', 'A header shown above the message (e.g. a WhatsApp template header).'],
  ['QUICK_REPLIES', 'Suggested replies offered to the visitor.'],
  ['WHATSAPP_TEMPLATE_METADATA', 'Which WhatsApp template, and which values, produced the message.'],
  ['SOCIAL_MEDIA_METADATA', 'The social media post a message refers to.'],
]);
type KnownAttachmentType = (typeof ATTACHMENT_TYPES.names)[number];


/**
 * The known attachment kind, or null when the type is new or the attachment lacks a field its
 * GraphQL type promises (then it is served as UnknownAttachment rather than failing the query).
 */
function knownType(a: HubSpotAttachment): KnownAttachmentType | null {
  const type = knownOr(ATTACHMENT_TYPES.names, a.type, null);
  switch (type) {
    case 'FILE':
      return idStr(a, 'fileId') === null ? null : type;
    case 'LOCATION':
      return num(a, 'latitude') === null || num(a, 'longitude') === null ? null : type;
    case 'CONTACT':
      return obj(a.contactProfile) === null ? null : type;
    case 'SOCIAL_MEDIA_METADATA':
      return obj(a.socialMetadata) === null ? null : type;
    default:
      return type;
  }
}

export const AttachmentType = builder.enumType('AttachmentType', {
  description: 'The kind of a message attachment (HubSpot attachment `type`).',
  values: {
    ...ATTACHMENT_TYPES.values,
    // Not a HubSpot kind: what `type` reads for the kinds served as UnknownAttachment.
    ...enumValues([
      [
        'UNKNOWN',
        'A kind that HubSpot added after this schema was written: see `UnknownAttachment.rawType`.',
      ],
    ]),
  },
});

export const Attachment = builder.interfaceRef<HubSpotAttachment>('Attachment').implement({
  description:
    'Something attached to a message. One type per HubSpot attachment kind; kinds this schema does not know arrive as UnknownAttachment.',
  resolveType: (a): string => {
    const type = knownType(a);
    return (type === null ? UnknownAttachment : TYPE_OF_KIND[type]).name;
  },
  fields: (t) => ({
    type: t.field({
      type: AttachmentType,
      description: 'The attachment kind; UNKNOWN for kinds this schema does not know.',
      resolve: (a) => knownType(a) ?? 'UNKNOWN',
    }),
  }),
});

/*
 * Attachments and their parts are loose JSON (src/hubspot/schemas.ts): each field is read with a
 * `loose.ts` reader, so a value of an unexpected JSON type reads as absent instead of failing the
 * query. These helpers declare such fields from `{ key: description }`, key = HubSpot's name.
 */
type LooseFieldBuilder<Shape extends Loose> = ObjectFieldBuilder<GatewaySchemaTypes, Shape>;

function looseString<Shape extends Loose>(t: LooseFieldBuilder<Shape>, key: string, description: string) {
  return t.string({ nullable: true, description, resolve: (o) => str(o, key) });
}

function looseId<Shape extends Loose>(t: LooseFieldBuilder<Shape>, key: string, description: string) {
  return t.id({ nullable: true, description, resolve: (o) => idStr(o, key) });
}

/** Nullable strings: absent or not a string → null. */
function looseStrings<Shape extends Loose, const K extends string>(
  t: LooseFieldBuilder<Shape>,
  descriptions: Record<K, string>,
) {
  return mapFields(descriptions, (key, description) => looseString(t, key, description));
}

/** Nullable ids, which HubSpot may send as JSON numbers or strings. */
function looseIds<Shape extends Loose, const K extends string>(
  t: LooseFieldBuilder<Shape>,
  descriptions: Record<K, string>,
) {
  return mapFields(descriptions, (key, description) => looseId(t, key, description));
}

function mapFields<const K extends string, F>(
  descriptions: Record<K, string>,
  field: (key: K, description: string) => F,
): Record<K, F> {
  return Object.fromEntries(
    Object.entries<string>(descriptions).map(([key, description]) => [key, field(key as K, description)]),
  ) as Record<K, F>;
}

const FILE_USAGE_TYPES = describedEnum([
  ['AUDIO', 'An audio file.'],
  ['IMAGE', 'An image.'],
  ['OTHER', 'Any other file.'],
  ['STICKER', 'A sticker.'],
  ['VOICE_RECORDING', 'A voice recording.'],
  ['UNKNOWN', 'A usage that HubSpot added after this schema was written.'],
]);

export const FileUsageType = builder.enumType('FileUsageType', {
  description: 'How a file attachment is used.',
  values: FILE_USAGE_TYPES.values,
});

export const FileAttachment = builder.objectRef<HubSpotAttachment>('FileAttachment').implement({
  description: 'HubSpot attachment type FILE: a file in HubSpot’s file manager.',
  interfaces: [Attachment],
  fields: (t) => ({
    // Nullable only so that one selection can ask `fileId` of FILE and MESSAGE_HEADER attachments
    // together (GraphQL refuses `ID!` and `ID` under one response name); never null for FILE.
    fileId: looseId(t, 'fileId', 'HubSpot file manager id (always set for FILE).'),
    fileUsageType: t.field({
      type: FileUsageType,
      description: 'How the file is used; UNKNOWN for usages this schema does not know.',
      resolve: (a) => knownOr(FILE_USAGE_TYPES.names, a.fileUsageType, 'UNKNOWN'),
    }),
    ...looseStrings(t, { name: 'File name.', url: 'Download URL.' }),
  }),
});

export const LocationAttachment = builder
  .objectRef<HubSpotAttachment>('LocationAttachment')
  .implement({
    description: 'HubSpot attachment type LOCATION: a shared location.',
    interfaces: [Attachment],
    fields: (t) => ({
      // knownType serves a LOCATION without both numbers as UnknownAttachment: never 0 here.
      latitude: t.float({
        description: 'Latitude in degrees.',
        resolve: (a) => num(a, 'latitude') ?? 0,
      }),
      longitude: t.float({
        description: 'Longitude in degrees.',
        resolve: (a) => num(a, 'longitude') ?? 0,
      }),
      ...looseStrings(t, {
        address: 'Street address.',
        name: 'Name of the place.',
        url: 'Map link.',
      }),
    }),
  });

export const ContactCardName = builder.objectRef<Loose>('ContactCardName').implement({
  description: 'The name on a shared contact card.',
  fields: (t) =>
    looseStrings(t, {
      prefix: 'Name prefix.',
      firstName: 'First name.',
      middleName: 'Middle name.',
      lastName: 'Last name.',
      suffix: 'Name suffix.',
    }),
});

export const ContactCardOrg = builder.objectRef<Loose>('ContactCardOrg').implement({
  description: 'The organisation on a shared contact card.',
  fields: (t) =>
    looseStrings(t, { company: 'Company name.', department: 'Department.', title: 'Job title.' }),
});

const HOME_OR_WORK = 'HOME or WORK, as HubSpot sent it.';

export const ContactCardAddress = builder.objectRef<Loose>('ContactCardAddress').implement({
  description: 'A postal address on a shared contact card.',
  fields: (t) =>
    looseStrings(t, {
      type: HOME_OR_WORK,
      street: 'Street.',
      city: 'City.',
      state: 'State or region.',
      zip: 'Postal code.',
      country: 'Country name.',
      countryCode: 'Country code.',
    }),
});

/**
 * An email address, phone number or URL on a contact card: a `type` and a non-null value (the
 * card's lists leave out entries without one).
 */
function contactCardEntry(
  name: string,
  description: string,
  entry: { key: string; description: string; types: string },
) {
  return builder.objectRef<Loose>(name).implement({
    description,
    fields: (t) => ({
      type: looseString(t, 'type', entry.types),
      [entry.key]: t.string({
        description: entry.description,
        resolve: (o) => str(o, entry.key) ?? '',
      }),
    }),
  });
}

export const ContactCardEmail = contactCardEntry(
  'ContactCardEmail',
  'An email address on a shared contact card.',
  { key: 'email', description: 'The address.', types: HOME_OR_WORK },
);

export const ContactCardPhone = contactCardEntry(
  'ContactCardPhone',
  'A phone number on a shared contact card.',
  { key: 'phone', description: 'The number.', types: 'CELL, HOME, MAIN or WORK, as HubSpot sent it.' },
);

export const ContactCardUrl = contactCardEntry(
  'ContactCardUrl',
  'A web address on a shared contact card.',
  { key: 'url', description: 'The URL.', types: HOME_OR_WORK },
);

export const ContactCardProfile = builder.objectRef<Loose>('ContactCardProfile').implement({
  description: 'A contact card shared in a conversation (not a CRM contact).',
  fields: (t) => ({
    name: t.field({
      type: ContactCardName,
      nullable: true,
      description: 'The person’s name.',
      resolve: (o) => obj(o.name),
    }),
    org: t.field({
      type: ContactCardOrg,
      nullable: true,
      description: 'The person’s organisation.',
      resolve: (o) => obj(o.org),
    }),
    addresses: t.field({
      type: [ContactCardAddress],
      description: 'Postal addresses.',
      resolve: (o) => objects(o.addresses),
    }),
    emails: t.field({
      type: [ContactCardEmail],
      description: 'Email addresses.',
      resolve: (o) => objects(o.emails).filter((e) => str(e, 'email') !== null),
    }),
    phones: t.field({
      type: [ContactCardPhone],
      description: 'Phone numbers.',
      resolve: (o) => objects(o.phones).filter((p) => str(p, 'phone') !== null),
    }),
    urls: t.field({
      type: [ContactCardUrl],
      description: 'Web addresses.',
      resolve: (o) => objects(o.urls).filter((u) => str(u, 'url') !== null),
    }),
  }),
});

export const ContactAttachment = builder
  .objectRef<HubSpotAttachment>('ContactAttachment')
  .implement({
    description: 'HubSpot attachment type CONTACT: a shared contact card.',
    interfaces: [Attachment],
    fields: (t) => ({
      contactProfile: t.field({
        type: ContactCardProfile,
        description: 'The card’s content.',
        resolve: (a) => obj(a.contactProfile) ?? {},
      }),
    }),
  });

export const UnsupportedContentAttachment = builder
  .objectRef<HubSpotAttachment>('UnsupportedContentAttachment')
  .implement({
    description:
      'HubSpot attachment type UNSUPPORTED_CONTENT: the channel sent content HubSpot cannot show (only `type` is known).',
    interfaces: [Attachment],
  });

export const MessageHeaderAttachment = builder
  .objectRef<HubSpotAttachment>('MessageHeaderAttachment')
  .implement({
    description: 'HubSpot attachment type MESSAGE_HEADER: a header above the message body.',
    interfaces: [Attachment],
    fields: (t) => ({
      fileId: looseId(t, 'fileId', 'File manager id of a header image, if any.'),
      text: looseString(t, 'text', 'Header text, if any.'),
    }),
  });

const QUICK_REPLY_VALUE_TYPES = describedEnum([
  ['TEXT', 'Text sent as the visitor’s reply.'],
  ['URL', 'A link opened when chosen.'],
  ['UNKNOWN', 'A value type that HubSpot added after this schema was written.'],
]);

export const QuickReplyValueType = builder.enumType('QuickReplyValueType', {
  description: 'What a quick reply’s value is.',
  values: QUICK_REPLY_VALUE_TYPES.values,
});

export const QuickReply = builder.objectRef<Loose>('QuickReply').implement({
  description: 'One suggested reply.',
  fields: (t) => ({
    value: t.string({
      description: 'The reply text or URL.',
      resolve: (o) => str(o, 'value') ?? '',
    }),
    valueType: t.field({
      type: QuickReplyValueType,
      description: 'Whether `value` is text or a URL.',
      resolve: (o) => knownOr(QUICK_REPLY_VALUE_TYPES.names, o.valueType, 'UNKNOWN'),
    }),
    label: looseString(t, 'label', 'Button label, when it differs from the value.'),
  }),
});

export const QuickRepliesAttachment = builder
  .objectRef<HubSpotAttachment>('QuickRepliesAttachment')
  .implement({
    description: 'HubSpot attachment type QUICK_REPLIES: suggested replies offered to the visitor.',
    interfaces: [Attachment],
    fields: (t) => ({
      allowMultiSelect: t.boolean({
        description: 'Whether the visitor may choose several replies.',
        resolve: (a) => a.allowMultiSelect === true,
      }),
      allowUserInput: t.boolean({
        description: 'Whether the visitor may also type a free reply.',
        resolve: (a) => a.allowUserInput === true,
      }),
      quickReplies: t.field({
        type: [QuickReply],
        description: 'The replies offered, in order.',
        resolve: (a) => objects(a.quickReplies),
      }),
    }),
  });

export const WhatsAppTemplateMetadataAttachment = builder
  .objectRef<HubSpotAttachment>('WhatsAppTemplateMetadataAttachment')
  .implement({
    description:
      'HubSpot attachment type WHATSAPP_TEMPLATE_METADATA: the WhatsApp template and values a message was built from.',
    interfaces: [Attachment],
    fields: (t) => ({
      crmObjectIds: t.field({
        type: [KeyValue],
        description: 'CRM records the template values came from (object type → record id).',
        resolve: (a) => toKeyValues(a.crmObjectIds),
      }),
      parameters: t.field({
        type: [KeyValue],
        description: 'Template parameter values by name.',
        resolve: (a) => toKeyValues(a.parameters),
      }),
      ...looseIds(t, {
        contentId: 'HubSpot content id of the template.',
        mappedTemplateId: 'Id of the mapped WhatsApp template.',
        rootMicId: 'Root multi-language content id.',
      }),
    }),
  });

const SOCIAL_MEDIA_TYPES = describedEnum([
  ['ARTICLE', 'An article.'],
  ['AUDIO', 'An audio post.'],
  ['CAROUSEL', 'A carousel of media.'],
  ['DOCUMENT', 'A document.'],
  ['GIF', 'An animated GIF.'],
  ['LINK', 'A link post.'],
  ['NONE', 'A post without media.'],
  ['PHOTO', 'A photo.'],
  ['POLL', 'A poll.'],
  ['STORY', 'A story.'],
  ['VIDEO', 'A video.'],
  ['UNKNOWN', 'A media type that HubSpot added after this schema was written.'],
]);

export const SocialMediaType = builder.enumType('SocialMediaType', {
  description: 'The kind of social media post a message refers to.',
  values: SOCIAL_MEDIA_TYPES.values,
});

export const SocialMetadata = builder.objectRef<Loose>('SocialMetadata').implement({
  description: 'The social media post a message refers to.',
  fields: (t) => ({
    mediaType: t.field({
      type: SocialMediaType,
      description: 'Kind of post; UNKNOWN for kinds this schema does not know.',
      resolve: (o) => knownOr(SOCIAL_MEDIA_TYPES.names, o.mediaType, 'UNKNOWN'),
    }),
    ...looseStrings(t, {
      id: 'The network’s post id.',
      description: 'Post text.',
      mediaTitle: 'Media title.',
      mediaUrl: 'Media URL.',
      mediaUrlString: 'Media URL as the network sent it (may not be a valid URL).',
      thumbnailUrl: 'Thumbnail image URL.',
    }),
  }),
});

export const SocialMediaMetadataAttachment = builder
  .objectRef<HubSpotAttachment>('SocialMediaMetadataAttachment')
  .implement({
    description:
      'HubSpot attachment type SOCIAL_MEDIA_METADATA: the post a social message refers to.',
    interfaces: [Attachment],
    fields: (t) => ({
      socialMetadata: t.field({
        type: SocialMetadata,
        description: 'The post.',
        resolve: (a) => obj(a.socialMetadata) ?? {},
      }),
    }),
  });

export const UnknownAttachment = builder.objectRef<HubSpotAttachment>('UnknownAttachment').implement({
  description:
    'An attachment of a kind this schema does not know yet (or one missing a field its kind requires).',
  interfaces: [Attachment],
  fields: (t) => ({
    rawType: t.string({
      description: 'HubSpot’s attachment type string, as received.',
      resolve: (a) => String(a.type),
    }),
  }),
});

/** The GraphQL type of each known kind (read by `Attachment.resolveType`, once all are declared). */
const TYPE_OF_KIND: Record<KnownAttachmentType, { name: string }> = {
  FILE: FileAttachment,
  LOCATION: LocationAttachment,
  CONTACT: ContactAttachment,
  UNSUPPORTED_CONTENT: UnsupportedContentAttachment,
  MESSAGE_HEADER: MessageHeaderAttachment,
  QUICK_REPLIES: QuickRepliesAttachment,
  WHATSAPP_TEMPLATE_METADATA: WhatsAppTemplateMetadataAttachment,
  SOCIAL_MEDIA_METADATA: SocialMediaMetadataAttachment,
};
