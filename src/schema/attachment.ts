import type { HubSpotAttachment } from '../hubspot/schemas.ts';
import { builder } from './builder.ts';
import { enumValues, knownOr } from './enums.ts';
import { KeyValueRef, toKeyValues } from './key-value.ts';
import { idStr, type Loose, num, obj, objects, str } from './loose.ts';
import { AttachmentRef } from './refs.ts';

const ATTACHMENT_TYPES = [
  'FILE',
  'LOCATION',
  'CONTACT',
  'UNSUPPORTED_CONTENT',
  'MESSAGE_HEADER',
  'QUICK_REPLIES',
  'WHATSAPP_TEMPLATE_METADATA',
  'SOCIAL_MEDIA_METADATA',
] as const;
type KnownAttachmentType = (typeof ATTACHMENT_TYPES)[number];

const TYPE_NAMES: Record<KnownAttachmentType, string> = {
  FILE: 'FileAttachment',
  LOCATION: 'LocationAttachment',
  CONTACT: 'ContactAttachment',
  UNSUPPORTED_CONTENT: 'UnsupportedContentAttachment',
  MESSAGE_HEADER: 'MessageHeaderAttachment',
  QUICK_REPLIES: 'QuickRepliesAttachment',
  WHATSAPP_TEMPLATE_METADATA: 'WhatsAppTemplateMetadataAttachment',
  SOCIAL_MEDIA_METADATA: 'SocialMediaMetadataAttachment',
};

/**
 * The known attachment kind, or null when the type is new or the attachment lacks a field its
 * GraphQL type promises (then it is served as UnknownAttachment rather than failing the query).
 */
function knownType(a: HubSpotAttachment): KnownAttachmentType | null {
  const type = knownOr(ATTACHMENT_TYPES, a.type, null);
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
  values: enumValues([
    ['FILE', 'A file (image, audio, sticker, …) stored in HubSpot’s file manager.'],
    ['LOCATION', 'A shared geographic location.'],
    ['CONTACT', 'A shared contact card.'],
    ['UNSUPPORTED_CONTENT', 'Content the channel sent that HubSpot cannot display.'],
    ['MESSAGE_HEADER', 'A header shown above the message (e.g. a WhatsApp template header).'],
    ['QUICK_REPLIES', 'Suggested replies offered to the visitor.'],
    [
      'WHATSAPP_TEMPLATE_METADATA',
      'Which WhatsApp template, and which values, produced the message.',
    ],
    ['SOCIAL_MEDIA_METADATA', 'The social media post a message refers to.'],
    [
      'UNKNOWN',
      'A kind that HubSpot added after this schema was written: see `UnknownAttachment.rawType`.',
    ],
  ]),
});

AttachmentRef.implement({
  description:
    'Something attached to a message. One type per HubSpot attachment kind; kinds this schema does not know arrive as UnknownAttachment.',
  resolveType: (a) => {
    const type = knownType(a);
    return type === null ? 'UnknownAttachment' : TYPE_NAMES[type];
  },
  fields: (t) => ({
    type: t.field({
      type: AttachmentType,
      description: 'The attachment kind; UNKNOWN for kinds this schema does not know.',
      resolve: (a) => knownType(a) ?? 'UNKNOWN',
    }),
  }),
});

function attachmentObject(name: string) {
  return builder.objectRef<HubSpotAttachment>(name);
}

export const FileUsageType = builder.enumType('FileUsageType', {
  description: 'How a file attachment is used.',
  values: enumValues([
    ['AUDIO', 'An audio file.'],
    ['IMAGE', 'An image.'],
    ['OTHER', 'Any other file.'],
    ['STICKER', 'A sticker.'],
    ['VOICE_RECORDING', 'A voice recording.'],
    ['UNKNOWN', 'A usage that HubSpot added after this schema was written.'],
  ]),
});

attachmentObject('FileAttachment').implement({
  description: 'HubSpot attachment type FILE: a file in HubSpot’s file manager.',
  interfaces: [AttachmentRef],
  fields: (t) => ({
    // Nullable only so that one selection can ask `fileId` of FILE and MESSAGE_HEADER attachments
    // together (GraphQL refuses `ID!` and `ID` under one response name); never null for FILE.
    fileId: t.id({
      nullable: true,
      description: 'HubSpot file manager id (always set for FILE).',
      resolve: (a) => idStr(a, 'fileId'),
    }),
    fileUsageType: t.field({
      type: FileUsageType,
      description: 'How the file is used; UNKNOWN for usages this schema does not know.',
      resolve: (a) =>
        knownOr(
          ['AUDIO', 'IMAGE', 'OTHER', 'STICKER', 'VOICE_RECORDING'],
          a.fileUsageType,
          'UNKNOWN',
        ),
    }),
    name: t.string({ nullable: true, description: 'File name.', resolve: (a) => str(a, 'name') }),
    url: t.string({ nullable: true, description: 'Download URL.', resolve: (a) => str(a, 'url') }),
  }),
});

attachmentObject('LocationAttachment').implement({
  description: 'HubSpot attachment type LOCATION: a shared location.',
  interfaces: [AttachmentRef],
  fields: (t) => ({
    latitude: t.float({
      description: 'Latitude in degrees.',
      resolve: (a) => num(a, 'latitude') ?? 0,
    }),
    longitude: t.float({
      description: 'Longitude in degrees.',
      resolve: (a) => num(a, 'longitude') ?? 0,
    }),
    address: t.string({
      nullable: true,
      description: 'Street address.',
      resolve: (a) => str(a, 'address'),
    }),
    name: t.string({
      nullable: true,
      description: 'Name of the place.',
      resolve: (a) => str(a, 'name'),
    }),
    url: t.string({ nullable: true, description: 'Map link.', resolve: (a) => str(a, 'url') }),
  }),
});

const ContactName = builder.objectRef<Loose>('ContactCardName').implement({
  description: 'The name on a shared contact card.',
  fields: (t) => ({
    prefix: t.string({
      nullable: true,
      description: 'Name prefix.',
      resolve: (o) => str(o, 'prefix'),
    }),
    firstName: t.string({
      nullable: true,
      description: 'First name.',
      resolve: (o) => str(o, 'firstName'),
    }),
    middleName: t.string({
      nullable: true,
      description: 'Middle name.',
      resolve: (o) => str(o, 'middleName'),
    }),
    lastName: t.string({
      nullable: true,
      description: 'Last name.',
      resolve: (o) => str(o, 'lastName'),
    }),
    suffix: t.string({
      nullable: true,
      description: 'Name suffix.',
      resolve: (o) => str(o, 'suffix'),
    }),
  }),
});

const ContactOrg = builder.objectRef<Loose>('ContactCardOrg').implement({
  description: 'The organisation on a shared contact card.',
  fields: (t) => ({
    company: t.string({
      nullable: true,
      description: 'Company name.',
      resolve: (o) => str(o, 'company'),
    }),
    department: t.string({
      nullable: true,
      description: 'Department.',
      resolve: (o) => str(o, 'department'),
    }),
    title: t.string({ nullable: true, description: 'Job title.', resolve: (o) => str(o, 'title') }),
  }),
});

const ContactAddress = builder.objectRef<Loose>('ContactCardAddress').implement({
  description: 'A postal address on a shared contact card.',
  fields: (t) => ({
    type: t.string({
      nullable: true,
      description: 'HOME or WORK, as HubSpot sent it.',
      resolve: (o) => str(o, 'type'),
    }),
    street: t.string({ nullable: true, description: 'Street.', resolve: (o) => str(o, 'street') }),
    city: t.string({ nullable: true, description: 'City.', resolve: (o) => str(o, 'city') }),
    state: t.string({
      nullable: true,
      description: 'State or region.',
      resolve: (o) => str(o, 'state'),
    }),
    zip: t.string({ nullable: true, description: 'Postal code.', resolve: (o) => str(o, 'zip') }),
    country: t.string({
      nullable: true,
      description: 'Country name.',
      resolve: (o) => str(o, 'country'),
    }),
    countryCode: t.string({
      nullable: true,
      description: 'Country code.',
      resolve: (o) => str(o, 'countryCode'),
    }),
  }),
});

const ContactEmail = builder.objectRef<Loose>('ContactCardEmail').implement({
  description: 'An email address on a shared contact card.',
  fields: (t) => ({
    type: t.string({
      nullable: true,
      description: 'HOME or WORK, as HubSpot sent it.',
      resolve: (o) => str(o, 'type'),
    }),
    email: t.string({ description: 'The address.', resolve: (o) => str(o, 'email') ?? '' }),
  }),
});

const ContactPhone = builder.objectRef<Loose>('ContactCardPhone').implement({
  description: 'A phone number on a shared contact card.',
  fields: (t) => ({
    type: t.string({
      nullable: true,
      description: 'CELL, HOME, MAIN or WORK, as HubSpot sent it.',
      resolve: (o) => str(o, 'type'),
    }),
    phone: t.string({ description: 'The number.', resolve: (o) => str(o, 'phone') ?? '' }),
  }),
});

const ContactUrl = builder.objectRef<Loose>('ContactCardUrl').implement({
  description: 'A web address on a shared contact card.',
  fields: (t) => ({
    type: t.string({
      nullable: true,
      description: 'HOME or WORK, as HubSpot sent it.',
      resolve: (o) => str(o, 'type'),
    }),
    url: t.string({ description: 'The URL.', resolve: (o) => str(o, 'url') ?? '' }),
  }),
});

const ContactProfile = builder.objectRef<Loose>('ContactCardProfile').implement({
  description: 'A contact card shared in a conversation (not a CRM contact).',
  fields: (t) => ({
    name: t.field({
      type: ContactName,
      nullable: true,
      description: 'The person’s name.',
      resolve: (o) => obj(o.name),
    }),
    org: t.field({
      type: ContactOrg,
      nullable: true,
      description: 'The person’s organisation.',
      resolve: (o) => obj(o.org),
    }),
    addresses: t.field({
      type: [ContactAddress],
      description: 'Postal addresses.',
      resolve: (o) => objects(o.addresses),
    }),
    emails: t.field({
      type: [ContactEmail],
      description: 'Email addresses.',
      resolve: (o) => objects(o.emails).filter((e) => str(e, 'email') !== null),
    }),
    phones: t.field({
      type: [ContactPhone],
      description: 'Phone numbers.',
      resolve: (o) => objects(o.phones).filter((p) => str(p, 'phone') !== null),
    }),
    urls: t.field({
      type: [ContactUrl],
      description: 'Web addresses.',
      resolve: (o) => objects(o.urls).filter((u) => str(u, 'url') !== null),
    }),
  }),
});

attachmentObject('ContactAttachment').implement({
  description: 'HubSpot attachment type CONTACT: a shared contact card.',
  interfaces: [AttachmentRef],
  fields: (t) => ({
    contactProfile: t.field({
      type: ContactProfile,
      description: 'The card’s content.',
      resolve: (a) => obj(a.contactProfile) ?? {},
    }),
  }),
});

attachmentObject('UnsupportedContentAttachment').implement({
  description:
    'HubSpot attachment type UNSUPPORTED_CONTENT: the channel sent content HubSpot cannot show (only `type` is known).',
  interfaces: [AttachmentRef],
});

attachmentObject('MessageHeaderAttachment').implement({
  description: 'HubSpot attachment type MESSAGE_HEADER: a header above the message body.',
  interfaces: [AttachmentRef],
  fields: (t) => ({
    fileId: t.id({
      nullable: true,
      description: 'File manager id of a header image, if any.',
      resolve: (a) => idStr(a, 'fileId'),
    }),
    text: t.string({
      nullable: true,
      description: 'Header text, if any.',
      resolve: (a) => str(a, 'text'),
    }),
  }),
});

export const QuickReplyValueType = builder.enumType('QuickReplyValueType', {
  description: 'What a quick reply’s value is.',
  values: enumValues([
    ['TEXT', 'Text sent as the visitor’s reply.'],
    ['URL', 'A link opened when chosen.'],
    ['UNKNOWN', 'A value type that HubSpot added after this schema was written.'],
  ]),
});

const QuickReply = builder.objectRef<Loose>('QuickReply').implement({
  description: 'One suggested reply.',
  fields: (t) => ({
    value: t.string({
      description: 'The reply text or URL.',
      resolve: (o) => str(o, 'value') ?? '',
    }),
    valueType: t.field({
      type: QuickReplyValueType,
      description: 'Whether `value` is text or a URL.',
      resolve: (o) => knownOr(['TEXT', 'URL'], o.valueType, 'UNKNOWN'),
    }),
    label: t.string({
      nullable: true,
      description: 'Button label, when it differs from the value.',
      resolve: (o) => str(o, 'label'),
    }),
  }),
});

attachmentObject('QuickRepliesAttachment').implement({
  description: 'HubSpot attachment type QUICK_REPLIES: suggested replies offered to the visitor.',
  interfaces: [AttachmentRef],
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

attachmentObject('WhatsAppTemplateMetadataAttachment').implement({
  description:
    'HubSpot attachment type WHATSAPP_TEMPLATE_METADATA: the WhatsApp template and values a message was built from.',
  interfaces: [AttachmentRef],
  fields: (t) => ({
    crmObjectIds: t.field({
      type: [KeyValueRef],
      description: 'CRM records the template values came from (object type → record id).',
      resolve: (a) => toKeyValues(a.crmObjectIds),
    }),
    parameters: t.field({
      type: [KeyValueRef],
      description: 'Template parameter values by name.',
      resolve: (a) => toKeyValues(a.parameters),
    }),
    contentId: t.id({
      nullable: true,
      description: 'HubSpot content id of the template.',
      resolve: (a) => idStr(a, 'contentId'),
    }),
    mappedTemplateId: t.id({
      nullable: true,
      description: 'Id of the mapped WhatsApp template.',
      resolve: (a) => idStr(a, 'mappedTemplateId'),
    }),
    rootMicId: t.id({
      nullable: true,
      description: 'Root multi-language content id.',
      resolve: (a) => idStr(a, 'rootMicId'),
    }),
  }),
});

const SOCIAL_MEDIA_TYPES = [
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
] as const;

export const SocialMediaType = builder.enumType('SocialMediaType', {
  description: 'The kind of social media post a message refers to.',
  values: enumValues([
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
  ]),
});

const SocialMetadata = builder.objectRef<Loose>('SocialMetadata').implement({
  description: 'The social media post a message refers to.',
  fields: (t) => ({
    mediaType: t.field({
      type: SocialMediaType,
      description: 'Kind of post; UNKNOWN for kinds this schema does not know.',
      resolve: (o) => knownOr(SOCIAL_MEDIA_TYPES, o.mediaType, 'UNKNOWN'),
    }),
    id: t.string({
      nullable: true,
      description: 'The network’s post id.',
      resolve: (o) => str(o, 'id'),
    }),
    description: t.string({
      nullable: true,
      description: 'Post text.',
      resolve: (o) => str(o, 'description'),
    }),
    mediaTitle: t.string({
      nullable: true,
      description: 'Media title.',
      resolve: (o) => str(o, 'mediaTitle'),
    }),
    mediaUrl: t.string({
      nullable: true,
      description: 'Media URL.',
      resolve: (o) => str(o, 'mediaUrl'),
    }),
    mediaUrlString: t.string({
      nullable: true,
      description: 'Media URL as the network sent it (may not be a valid URL).',
      resolve: (o) => str(o, 'mediaUrlString'),
    }),
    thumbnailUrl: t.string({
      nullable: true,
      description: 'Thumbnail image URL.',
      resolve: (o) => str(o, 'thumbnailUrl'),
    }),
  }),
});

attachmentObject('SocialMediaMetadataAttachment').implement({
  description:
    'HubSpot attachment type SOCIAL_MEDIA_METADATA: the post a social message refers to.',
  interfaces: [AttachmentRef],
  fields: (t) => ({
    socialMetadata: t.field({
      type: SocialMetadata,
      description: 'The post.',
      resolve: (a) => obj(a.socialMetadata) ?? {},
    }),
  }),
});

attachmentObject('UnknownAttachment').implement({
  description:
    'An attachment of a kind this schema does not know yet (or one missing a field its kind requires).',
  interfaces: [AttachmentRef],
  fields: (t) => ({
    rawType: t.string({
      description: 'HubSpot’s attachment type string, as received.',
      resolve: (a) => String(a.type),
    }),
  }),
});
