/**
 * The simulated portal's data: a deterministic function of a seed. No clock is read: every
 * timestamp is derived from BASE_TIME, so the same seed always yields byte-identical data.
 */
import { Rng } from './prng.ts';

export const DEFAULT_SEED = 20260101;
export const DEFAULT_THREAD_COUNT = 580;
/** Every generated timestamp is before this instant. */
export const BASE_TIME = '2026-01-01T00:00:00.000Z';

const BASE_MS = Date.parse(BASE_TIME);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------
// Public shapes (the JSON HubSpot returns; key order follows HubSpot's doc examples)
// ---------------------------------------------------------------------------------------------

export type ThreadStatus = 'OPEN' | 'CLOSED';
export type InboxType = 'INBOX' | 'HELP_DESK';
export type ChannelId = '1000' | '1001' | '1002';

export interface SimInbox {
  id: string;
  name: string;
  type: InboxType;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

export interface SimDeliveryIdentifier {
  type: 'HS_EMAIL_ADDRESS' | 'HS_PHONE_NUMBER' | 'HS_SHORT_CODE' | 'CHANNEL_SPECIFIC_OPAQUE_ID';
  value: string;
}

export interface SimChannelAccount {
  id: string;
  channelId: ChannelId;
  inboxId: string;
  name: string;
  active: boolean;
  authorized: boolean;
  archived: boolean;
  createdAt: string;
  deliveryIdentifier?: SimDeliveryIdentifier;
}

export interface SimThread {
  id: string;
  createdAt: string;
  closedAt?: string;
  status: ThreadStatus;
  originalChannelId: ChannelId;
  originalChannelAccountId: string;
  latestMessageTimestamp?: string;
  latestMessageSentTimestamp?: string;
  latestMessageReceivedTimestamp?: string;
  assignedTo?: string;
  spam: boolean;
  inboxId: string;
  associatedContactId: string;
  archived: boolean;
}

export interface SimClient {
  clientType: 'HUBSPOT' | 'INTEGRATION' | 'SYSTEM' | 'UNKNOWN';
  integrationAppId?: number;
}

export interface SimSender {
  actorId?: string;
  name?: string;
  senderField?: string;
  deliveryIdentifier?: SimDeliveryIdentifier;
}

export interface SimRecipient {
  actorId?: string;
  name?: string;
  recipientField?: 'TO' | 'CC' | 'BCC';
  deliveryIdentifier: SimDeliveryIdentifier;
}

export type FileUsageType = 'AUDIO' | 'IMAGE' | 'OTHER' | 'STICKER' | 'VOICE_RECORDING';

export interface SimFileAttachment {
  type: 'FILE';
  fileId: string;
  fileUsageType: FileUsageType;
  name?: string;
  url?: string;
}
export interface SimLocationAttachment {
  type: 'LOCATION';
  latitude: number;
  longitude: number;
  address?: string;
  name?: string;
  url?: string;
}
export interface SimContactAttachment {
  type: 'CONTACT';
  contactProfile: {
    name?: { firstName?: string; lastName?: string };
    org?: { company?: string; title?: string };
    addresses: { type?: 'HOME' | 'WORK'; street?: string; city?: string; countryCode?: string }[];
    emails: { type?: 'HOME' | 'WORK'; email: string }[];
    phones: { type?: 'CELL' | 'HOME' | 'MAIN' | 'WORK'; phone: string }[];
    urls: { type?: 'HOME' | 'WORK'; url: string }[];
  };
}
export interface SimUnsupportedAttachment {
  type: 'UNSUPPORTED_CONTENT';
}
export interface SimMessageHeaderAttachment {
  type: 'MESSAGE_HEADER';
  fileId?: number;
  text?: string;
}
export interface SimQuickRepliesAttachment {
  type: 'QUICK_REPLIES';
  allowMultiSelect: boolean;
  allowUserInput: boolean;
  quickReplies: { value: string; valueType: 'TEXT' | 'URL'; label?: string }[];
}
export interface SimWhatsAppAttachment {
  type: 'WHATSAPP_TEMPLATE_METADATA';
  crmObjectIds: Record<string, number>;
  parameters: Record<string, string>;
  contentId?: number;
  mappedTemplateId?: number;
  rootMicId?: number;
}
export interface SimSocialAttachment {
  type: 'SOCIAL_MEDIA_METADATA';
  socialMetadata: {
    mediaType: string;
    id?: string;
    mediaTitle?: string;
    mediaUrl?: string;
    thumbnailUrl?: string;
  };
}
/** An attachment kind HubSpot does not (yet) document: clients must tolerate it. */
export interface SimPollAttachment {
  type: 'POLL';
  question: string;
  options: { id: string; label: string; votes: number }[];
  allowMultipleAnswers: boolean;
}
export type SimAttachment =
  | SimFileAttachment
  | SimLocationAttachment
  | SimContactAttachment
  | SimUnsupportedAttachment
  | SimMessageHeaderAttachment
  | SimQuickRepliesAttachment
  | SimWhatsAppAttachment
  | SimSocialAttachment
  | SimPollAttachment;

export type TruncationStatus = 'NOT_TRUNCATED' | 'TRUNCATED' | 'TRUNCATED_TO_MOST_RECENT_REPLY';

export interface SimMessageStatus {
  statusType: 'SENT' | 'RECEIVED' | 'READ' | 'FAILED';
  failureDetails?: { errorMessageTokens: Record<string, string>; errorMessage?: string };
}

interface SimMessageCommon {
  id: string;
  conversationsThreadId: string;
  createdAt: string;
  updatedAt?: string;
  createdBy: string;
  client: SimClient;
  senders: SimSender[];
  recipients: SimRecipient[];
  archived: boolean;
}

export interface SimConversationsMessage extends SimMessageCommon {
  text: string;
  richText?: string;
  subject?: string;
  attachments: SimAttachment[];
  truncationStatus: TruncationStatus;
  inReplyToId?: string;
  status?: SimMessageStatus;
  direction: 'INCOMING' | 'OUTGOING';
  channelId: ChannelId;
  channelAccountId: string;
  type: 'MESSAGE';
}
export interface SimComment extends SimMessageCommon {
  text: string;
  richText: string;
  attachments: SimAttachment[];
  type: 'COMMENT';
}
export interface SimWelcomeMessage extends SimMessageCommon {
  text: string;
  richText?: string;
  channelId: ChannelId;
  channelAccountId: string;
  type: 'WELCOME_MESSAGE';
}
export interface SimAssignmentMessage extends SimMessageCommon {
  assignedTo?: string;
  assignedFrom?: string;
  type: 'ASSIGNMENT';
}
export interface SimThreadStatusChange extends SimMessageCommon {
  newStatus: ThreadStatus;
  type: 'THREAD_STATUS_CHANGE';
}
export interface SimThreadInboxChange extends SimMessageCommon {
  fromInboxId: string;
  toInboxId: string;
  type: 'THREAD_INBOX_CHANGE';
}
/** A message type HubSpot may add later (non-breaking per its policy): clients must tolerate it. */
export interface SimCallTranscript extends SimMessageCommon {
  callId: string;
  durationMs: number;
  summary: string;
  transcript: { speakerActorId: string; offsetMs: number; text: string }[];
  recordingUrl: string;
  type: 'CALL_TRANSCRIPT';
}
export type SimMessage =
  | SimConversationsMessage
  | SimComment
  | SimWelcomeMessage
  | SimAssignmentMessage
  | SimThreadStatusChange
  | SimThreadInboxChange
  | SimCallTranscript;
export type SimMessageType = SimMessage['type'];

export interface SimMessageContent {
  text: string;
  richText: string;
}

export type SimActor =
  | { id: string; type: 'AGENT'; name: string; email: string; avatar: string }
  | { id: string; type: 'BOT'; name: string; avatar: string }
  | { id: string; type: 'INTEGRATOR'; name: string; avatar: string }
  | { id: string; type: 'SYSTEM' }
  | { id: string; type: 'VISITOR'; name?: string; email?: string; avatar?: string }
  | { id: string; type: 'EMAIL'; email: string }
  | { id: string; type: 'LLM'; name: string; avatar: string };
export type SimActorType = SimActor['type'];

export interface SimTicket {
  id: string;
  /** CRM property values are strings (or null for an empty property). */
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  /** Not part of HubSpot's JSON: the threads associated with this ticket, ascending. */
  threadIds: string[];
}

export interface SimContact {
  id: string;
  /** True for a visitor id that is not (yet) a CRM contact. */
  visitorOnly: boolean;
  name?: string;
  email?: string;
}

export interface SimulatedDataset {
  seed: number;
  baseTime: string;
  inboxes: SimInbox[];
  channelAccounts: SimChannelAccount[];
  /** Ascending by numeric id. */
  threads: SimThread[];
  threadById: Map<string, SimThread>;
  /** thread id → ticket id, only for threads with a ticket. */
  ticketIdByThreadId: Map<string, string>;
  /** thread id → messages, OLDEST first (the API returns newest first by default). */
  messagesByThread: Map<string, SimMessage[]>;
  /** message id → full body, only for messages whose truncationStatus != NOT_TRUNCATED. */
  originalContent: Map<string, SimMessageContent>;
  /** Actors the actors endpoints know. */
  actors: Map<string, SimActor>;
  /** Actor ids referenced by messages but unknown to the actors endpoints (→ 207 / 404). */
  unknownActorIds: string[];
  tickets: SimTicket[];
  ticketById: Map<string, SimTicket>;
  contacts: SimContact[];
  /** Threads that carry a message of the future type `CALL_TRANSCRIPT` and a `POLL` attachment. */
  futureTypeThreadIds: string[];
}

export interface DatasetOptions {
  seed?: number;
  threadCount?: number;
}

// ---------------------------------------------------------------------------------------------
// Fixed vocabulary
// ---------------------------------------------------------------------------------------------

const DOMAIN = 'acme-portal.example';

const INBOX_DEFS = [
  { id: '147959', name: 'Support', type: 'INBOX', weight: 40, email: 'support', messenger: true },
  { id: '147961', name: 'Sales', type: 'INBOX', weight: 20, email: 'sales', messenger: true },
  {
    id: '211318',
    name: 'Help Desk',
    type: 'HELP_DESK',
    weight: 25,
    email: 'help',
    messenger: false,
  },
  {
    id: '211502',
    name: 'Billing',
    type: 'HELP_DESK',
    weight: 12,
    email: 'billing',
    messenger: false,
  },
  {
    id: '98120',
    name: 'Legacy Support',
    type: 'INBOX',
    weight: 3,
    email: 'legacy',
    messenger: false,
  },
] as const;
const ARCHIVED_INBOX_ID = '98120';

const AGENT_NAMES = [
  'Ava Thompson',
  'Noah Patel',
  'Mia Rossi',
  'Liam Chen',
  'Zoe Martin',
  'Ethan Brooks',
  'Sofia Garcia',
  'Lucas Meyer',
  'Chloe Dubois',
  'Mateo Silva',
  'Hannah Kim',
  'Oliver Novak',
];
const FIRST_NAMES = [
  'James',
  'Olivia',
  'Amir',
  'Yuki',
  'Elena',
  'Kofi',
  'Priya',
  'Jonas',
  'Grace',
  'Diego',
  'Fatima',
  'Leo',
  'Ingrid',
  'Sam',
  'Nadia',
  'Tomas',
];
const LAST_NAMES = [
  'Walker',
  'Nguyen',
  'Haddad',
  'Tanaka',
  'Petrova',
  'Mensah',
  'Iyer',
  'Berg',
  'OConnor',
  'Ramirez',
  'Khan',
  'Moreau',
  'Larsen',
  'Okafor',
];
const SUBJECTS = [
  'Order #{n} has not arrived',
  'Question about my invoice',
  'Cannot log in to my account',
  'Upgrade to the annual plan',
  'Refund request for order #{n}',
  'API keys stopped working',
  'Feature request: dark mode',
  'Shipping address change',
  'Bulk pricing for {n} seats',
  'Password reset email never arrives',
];
const VISITOR_LINES = [
  'Hi, I have a question about my order.',
  'My package still has not arrived, can you check?',
  'I was charged twice this month.',
  'How do I reset my password?',
  'Is there a discount for annual billing?',
  'The export button does nothing in Firefox.',
  'Can I change the shipping address on my order?',
  'Thanks, that worked!',
  'Still not working, I tried clearing the cache.',
  'Could you send me the invoice as a PDF?',
  'Do you ship to Norway?',
  'What are your support hours?',
];
const AGENT_LINES = [
  'Thanks for reaching out! Let me look into that for you.',
  'I have refunded the duplicate charge; it should appear in 3-5 business days.',
  'Could you share your order number?',
  'I just sent a password reset link to your email address.',
  'Annual billing comes with two months free.',
  'Our team fixed the export issue in today’s release.',
  'Your shipping address has been updated.',
  'Is there anything else I can help you with?',
  'I have escalated this to our engineering team.',
  'Attached is your invoice.',
];
const COMMENT_LINES = [
  '@team this customer is on the enterprise plan, please prioritise.',
  'Checked Stripe: the second charge is a pending authorisation.',
  'Known bug, linked to the engineering ticket.',
  'Customer asked for a callback tomorrow morning.',
  'VIP account: loop in the account manager.',
];
const WELCOME_LINES = [
  'Hi there! How can we help you today?',
  'Welcome to Acme support. A team member will be with you shortly.',
  'Hello! Ask us anything, we usually reply in a few minutes.',
];
const LONG_PARAGRAPHS = [
  'I am writing again about the problem I reported last week. Since then we have upgraded all our workstations and the issue persists on every machine, including the fresh installs.',
  'To give you more context: our team of twelve uses the product daily for customer onboarding, and the export failure blocks our weekly reporting to management.',
  'We have tried the workaround suggested in your help center article (clearing the cache, disabling extensions, and switching browsers), but none of it made any difference.',
  'Please let me know whether this is a known issue and if there is an estimated time for a fix, as we need to decide whether to postpone our quarterly review.',
  'I have attached the console log and a screenshot of the error dialog. Happy to jump on a call if that helps your engineers reproduce it.',
];

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
/** Formats epoch ms as `new Date(ms).toISOString()` does. */
type Iso = (ms: number) => string;

/**
 * `new Date(ms).toISOString()`, several times faster for timestamps clustered in few days: it
 * remembers the last day's prefix, so each dataset makes its own (no state between datasets).
 */
function isoFormatter(): Iso {
  let isoDay = Number.NaN;
  let isoDayPrefix = '';
  return (ms) => {
    const day = Math.floor(ms / DAY);
    if (day !== isoDay) {
      isoDay = day;
      isoDayPrefix = new Date(day * DAY).toISOString().slice(0, 11);
    }
    let rest = ms - day * DAY;
    const h = Math.floor(rest / HOUR);
    rest -= h * HOUR;
    const m = Math.floor(rest / MINUTE);
    rest -= m * MINUTE;
    const s = Math.floor(rest / SECOND);
    const milli = rest - s * SECOND;
    const millis = milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : String(milli);
    return `${isoDayPrefix}${pad2(h)}:${pad2(m)}:${pad2(s)}.${millis}Z`;
  };
}
const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const toRichText = (text: string): string =>
  text
    .split('\n')
    .map((line) => `<div>${line === '' ? '<br>' : escapeHtml(line)}</div>`)
    .join('');

interface AgentDef {
  id: string;
  name: string;
  email: string;
}

/** Attachment kinds forced, in order, onto the first attachment-bearing messages. */
const ATTACHMENT_CYCLE = [
  'FILE:IMAGE',
  'FILE:AUDIO',
  'FILE:OTHER',
  'FILE:STICKER',
  'FILE:VOICE_RECORDING',
  'LOCATION',
  'CONTACT',
  'UNSUPPORTED_CONTENT',
  'MESSAGE_HEADER',
  'QUICK_REPLIES',
  'WHATSAPP_TEMPLATE_METADATA',
  'SOCIAL_MEDIA_METADATA',
] as const;
type AttachmentKind = (typeof ATTACHMENT_CYCLE)[number];
const ATTACHMENT_WEIGHTS: [AttachmentKind, number][] = [
  ['FILE:IMAGE', 30],
  ['FILE:OTHER', 20],
  ['FILE:AUDIO', 5],
  ['FILE:STICKER', 5],
  ['FILE:VOICE_RECORDING', 5],
  ['LOCATION', 4],
  ['CONTACT', 4],
  ['UNSUPPORTED_CONTENT', 4],
  ['MESSAGE_HEADER', 5],
  ['QUICK_REPLIES', 8],
  ['WHATSAPP_TEMPLATE_METADATA', 4],
  ['SOCIAL_MEDIA_METADATA', 6],
];

function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let r = rng.next() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** Inboxes and their channel accounts (no randomness: the portal's fixed layout). */
function generateInboxes(iso: Iso) {
  const inboxes: SimInbox[] = INBOX_DEFS.map((def, i) => {
    const createdMs = BASE_MS - 900 * DAY + i * 37 * DAY;
    const inbox: SimInbox = {
      id: def.id,
      name: def.name,
      type: def.type,
      createdAt: iso(createdMs),
      updatedAt: iso(createdMs + 200 * DAY),
      archived: def.id === ARCHIVED_INBOX_ID,
    };
    if (inbox.archived) inbox.archivedAt = iso(BASE_MS - 160 * DAY);
    return inbox;
  });
  const channelAccounts: SimChannelAccount[] = [];
  const accountFor = new Map<string, SimChannelAccount>();
  INBOX_DEFS.forEach((def, i) => {
    const channels: ChannelId[] = def.messenger ? ['1000', '1001', '1002'] : ['1000', '1002'];
    for (const channelId of channels) {
      const account: SimChannelAccount = {
        id: String(148662 + i * 10 + Number(channelId) - 1000),
        channelId,
        inboxId: def.id,
        name:
          channelId === '1000'
            ? `${def.name} chat`
            : channelId === '1001'
              ? `Acme ${def.name} (Messenger)`
              : `${def.email}@${DOMAIN}`,
        active: def.id !== ARCHIVED_INBOX_ID,
        authorized: true,
        archived: def.id === ARCHIVED_INBOX_ID,
        createdAt: inboxes[i]!.createdAt,
      };
      if (channelId === '1002') {
        account.deliveryIdentifier = { type: 'HS_EMAIL_ADDRESS', value: account.name };
      }
      channelAccounts.push(account);
      accountFor.set(`${def.id}/${channelId}`, account);
    }
  });
  return { inboxes, channelAccounts, accountFor };
}

/** The portal's actors other than visitors: agents, bots, integrations, email-only people. */
function generateActors() {
  const actors = new Map<string, SimActor>();
  const agents: AgentDef[] = AGENT_NAMES.map((name, k) => {
    const userId = 2620022 + k * 1013;
    const email = `${name.toLowerCase().replace(' ', '.')}@${DOMAIN}`;
    const agent: AgentDef = { id: `A-${userId}`, name, email };
    actors.set(agent.id, {
      id: agent.id,
      type: 'AGENT',
      name,
      email,
      avatar: `https://avatars.${DOMAIN}/users/${userId}.png`,
    });
    return agent;
  });
  const bots = [
    { id: 'B-301', name: 'Welcome Bot' },
    { id: 'B-302', name: 'Routing Bot' },
    { id: 'B-303', name: 'FAQ Bot' },
  ];
  for (const bot of bots) {
    actors.set(bot.id, {
      ...bot,
      type: 'BOT',
      avatar: `https://avatars.${DOMAIN}/bots/${bot.id}.png`,
    });
  }
  const integrators = [
    { id: 'I-1204417', appId: 1204417, name: 'Zendesk Bridge' },
    { id: 'I-3318902', appId: 3318902, name: 'Shopify Sync' },
  ];
  for (const app of integrators) {
    actors.set(app.id, {
      id: app.id,
      type: 'INTEGRATOR',
      name: app.name,
      avatar: `https://avatars.${DOMAIN}/apps/${app.appId}.png`,
    });
  }
  const llm = { id: 'L-71001', name: 'Breeze Customer Agent' };
  actors.set(llm.id, { ...llm, type: 'LLM', avatar: `https://avatars.${DOMAIN}/breeze.png` });
  actors.set('S-hubspot', { id: 'S-hubspot', type: 'SYSTEM' });
  const ccPeople = ['finance', 'ops', 'cto', 'assistant', 'procurement', 'it-desk'].map(
    (local, k) => `${local}@customer${k}.example`,
  );
  for (const email of ccPeople)
    actors.set(`E-${email}`, { id: `E-${email}`, type: 'EMAIL', email });
  const departedAgents = ['A-1999001', 'A-1999002'];
  const unknownIntegrator = { id: 'I-5550001', appId: 5550001 };
  const unknownActorIds = [...departedAgents, unknownIntegrator.id];
  return {
    actors,
    agents,
    bots,
    integrators,
    llm,
    ccPeople,
    departedAgents,
    unknownIntegrator,
    unknownActorIds,
  };
}

/** CRM contacts (some only visitors so far), their visitor actors and channel tokens. */
function generateContacts(rng: Rng, actors: Map<string, SimActor>) {
  const contacts: SimContact[] = [];
  let contactId = 1401;
  for (let k = 0; k < 160; k++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const contact: SimContact = {
      id: String(contactId),
      visitorOnly: false,
      name: `${first} ${last}`,
      email: `${first.toLowerCase()}.${last.toLowerCase()}${k}@customer${k % 30}.example`,
    };
    contacts.push(contact);
    contactId += rng.int(1, 40);
  }
  for (let k = 0; k < 10; k++) {
    contacts.push({ id: String(91000000001 + k * 3), visitorOnly: true });
  }
  for (const contact of contacts) {
    const actorId = `V-${contact.id}`;
    if (contact.visitorOnly) actors.set(actorId, { id: actorId, type: 'VISITOR' });
    else {
      actors.set(actorId, {
        id: actorId,
        type: 'VISITOR',
        name: contact.name!,
        email: contact.email!,
        avatar: `https://avatars.${DOMAIN}/visitors/${contact.id}.png`,
      });
    }
  }
  const contactTokens = new Map<string, string>(contacts.map((c) => [c.id, rng.hex(32)]));
  return { contacts, contactTokens };
}

/** What the thread generator carries from one thread to the next, for one dataset. */
interface Generation {
  rng: Rng;
  iso: Iso;
  portal: ReturnType<typeof generateInboxes>;
  cast: ReturnType<typeof generateActors>;
  people: ReturnType<typeof generateContacts>;
  threads: SimThread[];
  messagesByThread: Map<string, SimMessage[]>;
  originalContent: Map<string, SimMessageContent>;
  ticketIdByThreadId: Map<string, string>;
  tickets: SimTicket[];
  ticketsByContact: Map<string, SimTicket[]>;
  futureTypeThreadIds: string[];
  messageIds: Set<string>;
  attachmentSeq: number;
  nextTicketId: number;
  threadIdNum: number;
}

function newMessageId(g: Generation): string {
  let id = g.rng.hex(32);
  while (g.messageIds.has(id)) id = g.rng.hex(32);
  g.messageIds.add(id);
  return id;
}

function makeAttachment(rng: Rng, kind: AttachmentKind, channelId: ChannelId): SimAttachment {
  const fileId = String(rng.int(100000000, 999999999));
  switch (kind) {
    case 'FILE:IMAGE':
    case 'FILE:AUDIO':
    case 'FILE:OTHER':
    case 'FILE:STICKER':
    case 'FILE:VOICE_RECORDING': {
      const usage = kind.slice(5) as FileUsageType;
      const ext = {
        IMAGE: 'png',
        AUDIO: 'mp3',
        OTHER: 'pdf',
        STICKER: 'webp',
        VOICE_RECORDING: 'ogg',
      }[usage];
      const name = `${usage.toLowerCase()}-${fileId}.${ext}`;
      return {
        type: 'FILE',
        fileId,
        fileUsageType: usage,
        name,
        url: `https://files.${DOMAIN}/${fileId}/${name}`,
      };
    }
    case 'LOCATION':
      return {
        type: 'LOCATION',
        latitude: Math.round((rng.next() * 120 - 60) * 1e6) / 1e6,
        longitude: Math.round((rng.next() * 340 - 170) * 1e6) / 1e6,
        address: `${rng.int(1, 250)} Harbour Street`,
        name: 'Pickup point',
        url: 'https://maps.example/?q=pickup',
      };
    case 'CONTACT': {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      return {
        type: 'CONTACT',
        contactProfile: {
          name: { firstName: first, lastName: last },
          org: { company: 'Customer Co', title: 'Office manager' },
          addresses: [
            { type: 'WORK', street: '1 Main St', city: 'Springfield', countryCode: 'US' },
          ],
          emails: [{ type: 'WORK', email: `${first.toLowerCase()}@customer.example` }],
          phones: [{ type: 'CELL', phone: `+1555${rng.int(1000000, 9999999)}` }],
          urls: [],
        },
      };
    }
    case 'UNSUPPORTED_CONTENT':
      return { type: 'UNSUPPORTED_CONTENT' };
    case 'MESSAGE_HEADER':
      return { type: 'MESSAGE_HEADER', fileId: Number(fileId), text: 'Order confirmation' };
    case 'QUICK_REPLIES':
      return {
        type: 'QUICK_REPLIES',
        allowMultiSelect: false,
        allowUserInput: rng.chance(0.5),
        quickReplies: [
          { value: 'Track my order', valueType: 'TEXT', label: 'Track my order' },
          { value: 'Talk to a human', valueType: 'TEXT' },
          { value: `https://help.${DOMAIN}/shipping`, valueType: 'URL', label: 'Shipping FAQ' },
        ],
      };
    case 'WHATSAPP_TEMPLATE_METADATA':
      return {
        type: 'WHATSAPP_TEMPLATE_METADATA',
        crmObjectIds: { contact: rng.int(1000, 99999), deal: rng.int(100000, 999999) },
        parameters: { '1': 'Jane', '2': `#${rng.int(10000, 99999)}` },
        contentId: rng.int(1000000, 9999999),
        mappedTemplateId: rng.int(1000000, 9999999),
        rootMicId: rng.int(1000000, 9999999),
      };
    case 'SOCIAL_MEDIA_METADATA':
      return {
        type: 'SOCIAL_MEDIA_METADATA',
        socialMetadata: {
          mediaType: channelId === '1001' ? 'PHOTO' : rng.pick(['LINK', 'VIDEO', 'ARTICLE']),
          id: String(rng.int(1e8, 9e8)),
          mediaTitle: 'Our new spring collection',
          mediaUrl: `https://social.example/posts/${fileId}`,
          thumbnailUrl: `https://social.example/thumbs/${fileId}.jpg`,
        },
      };
  }
}

/** The first attachments go through every kind once, in order; then by weight. */
function nextAttachmentKind(g: Generation): AttachmentKind {
  const kind =
    g.attachmentSeq < ATTACHMENT_CYCLE.length
      ? ATTACHMENT_CYCLE[g.attachmentSeq]!
      : weighted(g.rng, ATTACHMENT_WEIGHTS);
  g.attachmentSeq++;
  return kind;
}

const ACTIVE_INBOX_WEIGHTS = INBOX_DEFS.map((d) => [d, d.weight] as const);
/** Thread creation times spread over this span (ending 16 days before BASE_TIME). */
const THREAD_SPAN_MS = 134 * DAY;

type Step =
  'WELCOME' | 'FIRST' | 'MESSAGE' | 'COMMENT' | 'ASSIGN' | 'INBOX' | 'CLOSE' | 'REOPEN' | 'FUTURE';

/** The thread's event sequence: which kind of message comes next, `targetCount` in all. */
function planSteps(
  rng: Rng,
  plan: {
    targetCount: number;
    channelId: ChannelId;
    status: ThreadStatus;
    isFuture: boolean;
    inboxId: string;
  },
): Step[] {
  const { targetCount, channelId, status, isFuture, inboxId } = plan;
  const steps: Step[] = [];
  if (targetCount > 0) {
    if (channelId === '1000' && targetCount >= 2) steps.push('WELCOME');
    steps.push('FIRST');
    if (targetCount >= 3 && rng.chance(0.85)) steps.push('ASSIGN');
    const reserved = (status === 'CLOSED' ? 1 : 0) + (isFuture ? 1 : 0);
    let inboxChanged = false;
    while (steps.length < targetCount - reserved) {
      const room = targetCount - reserved - steps.length;
      const s = rng.next();
      if (s < 0.78) steps.push('MESSAGE');
      else if (s < 0.88) steps.push('COMMENT');
      else if (s < 0.92) steps.push('ASSIGN');
      else if (s < 0.95 && !inboxChanged && inboxId !== ARCHIVED_INBOX_ID) {
        steps.push('INBOX');
        inboxChanged = true;
      } else if (s < 0.97 && room >= 3) steps.push('CLOSE', 'REOPEN', 'MESSAGE');
      else steps.push('MESSAGE');
    }
    if (isFuture) steps.splice(Math.max(1, steps.length - 2), 0, 'FUTURE');
    if (status === 'CLOSED') steps.push('CLOSE');
  }
  return steps;
}

/** One thread: its setting, messages, the thread record and its ticket link. */
function generateThread(g: Generation, i: number, threadCount: number): void {
  const { rng, iso, threads, messagesByThread, futureTypeThreadIds } = g;
  const { agents } = g.cast;
  const { accountFor } = g.portal;
  const { contacts, contactTokens } = g.people;
  const activeInboxDefs = ACTIVE_INBOX_WEIGHTS;
  const span = THREAD_SPAN_MS;
  g.threadIdNum += 1 + (rng.chance(0.3) ? rng.int(1, 4) : 0);
  const threadId = String(g.threadIdNum);
  const createdMs =
    BASE_MS - 150 * DAY + Math.floor((i * span) / threadCount) + rng.int(0, 3 * HOUR);
  const inboxDef = weighted(rng, activeInboxDefs);
  const inboxId = inboxDef.id;
  const archived = inboxId === ARCHIVED_INBOX_ID || rng.chance(0.08);
  const contact = contacts[rng.int(0, contacts.length - 1)]!;
  const r = rng.next();
  let channelId: ChannelId = r < 0.5 ? '1000' : r < 0.88 ? '1002' : '1001';
  if (channelId === '1001' && !inboxDef.messenger) channelId = '1000';
  // A visitor who is not a contact yet can only have reached us through the chat widget.
  if (contact.visitorOnly) channelId = '1000';
  const account = accountFor.get(`${inboxId}/${channelId}`)!;
  const rc = rng.next();
  const targetCount =
    rc < 0.03 ? 0 : rc < 0.13 ? rng.int(51, 60) : rc < 0.35 ? rng.int(16, 50) : rng.int(1, 15);
  const status: ThreadStatus = targetCount === 0 || rng.chance(0.6) ? 'OPEN' : 'CLOSED';
  const spam = rng.chance(0.05);
  const isFuture = i % 50 === 7 && targetCount >= 6;
  const visitorActor = `V-${contact.id}`;
  const visitorIdentifier: SimDeliveryIdentifier =
    channelId === '1002'
      ? { type: 'HS_EMAIL_ADDRESS', value: contact.email! }
      : { type: 'CHANNEL_SPECIFIC_OPAQUE_ID', value: contactTokens.get(contact.id)! };
  const inboxIdentifier: SimDeliveryIdentifier = account.deliveryIdentifier ?? {
    type: 'CHANNEL_SPECIFIC_OPAQUE_ID',
    value: `acct-${account.id}`,
  };
  const subject = rng.pick(SUBJECTS).replace('{n}', String(rng.int(1000, 99999)));
  const steps = planSteps(rng, { targetCount, channelId, status, isFuture, inboxId });
  const setting: ThreadSetting = {
    threadId,
    createdMs,
    inboxId,
    channelId,
    contact,
    account,
    isFuture,
    visitorActor,
    visitorIdentifier,
    inboxIdentifier,
    subject,
  };
  const { messages, t, latestSent, latestReceived, closedMs, ...written } = writeMessages(
    g,
    setting,
    steps,
  );
  let { assignee } = written;
  if (isFuture && messages.some((m) => m.type === 'CALL_TRANSCRIPT')) {
    futureTypeThreadIds.push(threadId);
  }
  if (messages.length === 0 && rng.chance(0.85)) assignee = rng.pick(agents).id;
  else if (messages.length > 0 && messages.length < 3 && rng.chance(0.85)) {
    assignee = rng.pick(agents).id;
  }

  const thread: SimThread = {
    id: threadId,
    createdAt: iso(createdMs),
    ...(status === 'CLOSED' && closedMs !== undefined ? { closedAt: iso(closedMs) } : {}),
    status,
    originalChannelId: channelId,
    originalChannelAccountId: account.id,
    ...(latestSent >= 0 || latestReceived >= 0
      ? { latestMessageTimestamp: iso(Math.max(latestSent, latestReceived)) }
      : {}),
    ...(latestSent >= 0 ? { latestMessageSentTimestamp: iso(latestSent) } : {}),
    ...(latestReceived >= 0 ? { latestMessageReceivedTimestamp: iso(latestReceived) } : {}),
    ...(assignee ? { assignedTo: assignee } : {}),
    spam,
    inboxId,
    associatedContactId: contact.id,
    archived,
  };
  threads.push(thread);
  messagesByThread.set(threadId, messages);
  linkTicket(g, setting, { status, messages, t });
}

/** Tickets: ~40% of threads, several threads per ticket. */
function linkTicket(
  g: Generation,
  { threadId, createdMs, channelId, contact, subject }: ThreadSetting,
  { status, messages, t }: { status: ThreadStatus; messages: SimMessage[]; t: number },
): void {
  const { rng, iso, tickets, ticketsByContact, ticketIdByThreadId } = g;
  if (!rng.chance(0.4)) return;
  const ofContact = ticketsByContact.get(contact.id);
  let ticket: SimTicket | undefined;
  if (ofContact && rng.chance(0.6)) ticket = ofContact[ofContact.length - 1];
  else if (tickets.length > 0 && rng.chance(0.25)) {
    ticket = tickets[Math.max(0, tickets.length - rng.int(1, 5))];
  }
  if (!ticket) {
    const id = String(g.nextTicketId);
    g.nextTicketId += rng.int(1, 9);
    const ticketCreated = iso(createdMs + rng.int(1, 10) * MINUTE);
    const stage = status === 'CLOSED' ? '4' : rng.pick(['1', '2', '3']);
    ticket = {
      id,
      properties: {
        content:
          messages.find((m): m is SimConversationsMessage => m.type === 'MESSAGE')?.text ?? '',
        createdate: ticketCreated,
        hs_lastmodifieddate: ticketCreated,
        hs_object_id: id,
        hs_pipeline: '0',
        hs_pipeline_stage: stage,
        hs_ticket_category: rng.chance(0.3)
          ? null
          : rng.pick(['PRODUCT_ISSUE', 'BILLING_ISSUE', 'FEATURE_REQUEST', 'GENERAL_INQUIRY']),
        hs_ticket_priority: rng.pick(['LOW', 'MEDIUM', 'HIGH']),
        source_type: channelId === '1002' ? 'EMAIL' : 'CHAT',
        subject,
      },
      createdAt: ticketCreated,
      updatedAt: ticketCreated,
      archived: false,
      threadIds: [],
    };
    tickets.push(ticket);
    const list = ticketsByContact.get(contact.id) ?? [];
    list.push(ticket);
    ticketsByContact.set(contact.id, list);
  }
  ticket.threadIds.push(threadId);
  const modified = iso(Math.max(Date.parse(ticket.updatedAt), t + rng.int(1, 60) * MINUTE));
  ticket.updatedAt = modified;
  ticket.properties.hs_lastmodifieddate = modified;
  ticketIdByThreadId.set(threadId, ticket.id);
}

/** Where a thread happens: what its messages need to know of it. */
interface ThreadSetting {
  threadId: string;
  createdMs: number;
  inboxId: string;
  channelId: ChannelId;
  contact: SimContact;
  account: SimChannelAccount;
  isFuture: boolean;
  visitorActor: string;
  visitorIdentifier: SimDeliveryIdentifier;
  inboxIdentifier: SimDeliveryIdentifier;
  subject: string;
}

/** The thread's messages, one per step, and what they leave behind (time, assignee, …). */
function writeMessages(g: Generation, setting: ThreadSetting, steps: readonly Step[]) {
  const { rng, iso, originalContent } = g;
  const { agents, bots, integrators, llm, ccPeople, departedAgents, unknownIntegrator } = g.cast;
  const {
    threadId,
    createdMs,
    inboxId,
    channelId,
    contact,
    account,
    isFuture,
    visitorActor,
    visitorIdentifier,
    inboxIdentifier,
    subject,
  } = setting;
  const newId = (): string => newMessageId(g);
  const attachment = (kind: AttachmentKind, channel: ChannelId) =>
    makeAttachment(rng, kind, channel);
  const nextKind = (): AttachmentKind => nextAttachmentKind(g);
  const messages: SimMessage[] = [];
  let t = createdMs + rng.int(200, 4000);
  let assignee: string | undefined;
  let lastDirection: 'INCOMING' | 'OUTGOING' | undefined;
  let lastMessage: SimConversationsMessage | undefined;
  let latestSent = -1;
  let latestReceived = -1;
  let closedMs: number | undefined;
  let pollPlaced = false;

  const advance = (): number => {
    t += rng.chance(0.7) ? rng.int(20 * SECOND, 20 * MINUTE) : rng.int(20 * MINUTE, 6 * HOUR);
    return t;
  };
  const common = (ms: number, createdBy: string, client: SimClient) => ({
    id: newId(),
    conversationsThreadId: threadId,
    createdAt: iso(ms),
    updatedAt: iso(ms),
    createdBy,
    client,
    senders: [] as SimSender[],
    recipients: [] as SimRecipient[],
    archived: false,
  });
  const pickOutgoingActor = (): { actorId: string; name?: string; client: SimClient } => {
    const s = rng.next();
    if (s < 0.04 && channelId === '1000') {
      const bot = rng.pick(bots);
      return { actorId: bot.id, name: bot.name, client: { clientType: 'SYSTEM' } };
    }
    if (s < 0.07) {
      const app = rng.pick(integrators);
      return {
        actorId: app.id,
        name: app.name,
        client: { clientType: 'INTEGRATION', integrationAppId: app.appId },
      };
    }
    if (s < 0.085) {
      return {
        actorId: unknownIntegrator.id,
        client: { clientType: 'INTEGRATION', integrationAppId: unknownIntegrator.appId },
      };
    }
    if (s < 0.11) return { actorId: llm.id, name: llm.name, client: { clientType: 'HUBSPOT' } };
    if (s < 0.12) return { actorId: rng.pick(departedAgents), client: { clientType: 'HUBSPOT' } };
    const agent =
      assignee && rng.chance(0.85)
        ? (agents.find((a) => a.id === assignee) ?? rng.pick(agents))
        : rng.pick(agents);
    return { actorId: agent.id, name: agent.name, client: { clientType: 'HUBSPOT' } };
  };

  const addConversationMessage = (direction: 'INCOMING' | 'OUTGOING', first: boolean) => {
    const ms = first ? t : advance();
    const isEmail = channelId === '1002';
    let base: ReturnType<typeof common>;
    let text: string;
    if (direction === 'INCOMING') {
      base = common(ms, visitorActor, {
        clientType: rng.chance(0.03) ? 'UNKNOWN' : 'SYSTEM',
      });
      base.senders = [
        {
          actorId: visitorActor,
          ...(contact.name ? { name: contact.name } : {}),
          ...(isEmail ? { senderField: 'FROM' } : {}),
          deliveryIdentifier: visitorIdentifier,
        },
      ];
      base.recipients = isEmail
        ? [{ recipientField: 'TO', deliveryIdentifier: inboxIdentifier }]
        : [];
      text = rng.pick(VISITOR_LINES);
    } else {
      const who = pickOutgoingActor();
      base = common(ms, who.actorId, who.client);
      base.senders = [
        {
          actorId: who.actorId,
          ...(who.name ? { name: who.name } : {}),
          ...(isEmail ? { senderField: 'FROM', deliveryIdentifier: inboxIdentifier } : {}),
        },
      ];
      base.recipients = [
        {
          actorId: visitorActor,
          ...(contact.name ? { name: contact.name } : {}),
          ...(isEmail ? { recipientField: 'TO' as const } : {}),
          deliveryIdentifier: visitorIdentifier,
        },
      ];
      text = rng.pick(AGENT_LINES);
    }
    if (isEmail && rng.chance(0.2)) {
      const cc = rng.pick(ccPeople);
      base.recipients.push({
        actorId: `E-${cc}`,
        recipientField: rng.chance(0.8) ? 'CC' : 'BCC',
        deliveryIdentifier: { type: 'HS_EMAIL_ADDRESS', value: cc },
      });
    }

    let truncationStatus: TruncationStatus = 'NOT_TRUNCATED';
    let richText = toRichText(text);
    if (isEmail && direction === 'INCOMING') {
      const tr = rng.next();
      if (tr < 0.08) {
        truncationStatus = 'TRUNCATED';
        const full = Array.from({ length: rng.int(3, 5) }, (_, k) => LONG_PARAGRAPHS[k]!).join(
          '\n\n',
        );
        text = `${full.slice(0, 160).trimEnd()}…`;
        richText = toRichText(text);
        originalContent.set(base.id, { text: full, richText: toRichText(full) });
      } else if (tr < 0.5 && lastMessage) {
        truncationStatus = 'TRUNCATED_TO_MOST_RECENT_REPLY';
        const quotedName = lastMessage.senders[0]?.name ?? 'Acme Support';
        const quoted = lastMessage.text
          .split('\n')
          .map((line) => `> ${line}`)
          .join('\n');
        const full = `${text}\n\nOn ${lastMessage.createdAt}, ${quotedName} wrote:\n${quoted}`;
        originalContent.set(base.id, { text: full, richText: toRichText(full) });
      }
    }
    const onlyRich = truncationStatus === 'NOT_TRUNCATED' && rng.chance(0.05);
    const attachments: SimAttachment[] = [];
    if (onlyRich) {
      text = '';
      const image = attachment('FILE:IMAGE', channelId) as SimFileAttachment;
      richText = `<div><img src="${image.url}" alt="${image.name}"></div>`;
      attachments.push(image);
    } else if (rng.chance(0.14)) {
      const count = rng.chance(0.2) ? 2 : 1;
      for (let k = 0; k < count; k++) attachments.push(attachment(nextKind(), channelId));
    }
    if (isFuture && !pollPlaced) {
      pollPlaced = true;
      attachments.push({
        type: 'POLL',
        question: 'How would you rate this conversation?',
        options: [
          { id: 'p1', label: 'Great', votes: rng.int(0, 3) },
          { id: 'p2', label: 'Okay', votes: rng.int(0, 3) },
          { id: 'p3', label: 'Poor', votes: rng.int(0, 3) },
        ],
        allowMultipleAnswers: false,
      });
    }

    let status: SimMessageStatus;
    if (direction === 'INCOMING') status = { statusType: rng.chance(0.3) ? 'READ' : 'RECEIVED' };
    else {
      const s = rng.next();
      status =
        s < 0.05
          ? {
              statusType: 'FAILED',
              failureDetails: isEmail
                ? {
                    errorMessageTokens: { bounceReason: 'MAILBOX_FULL', smtpCode: '552' },
                    errorMessage: 'The recipient mailbox is full.',
                  }
                : {
                    errorMessageTokens: { reason: 'VISITOR_OFFLINE' },
                    errorMessage: 'The visitor left before the message was delivered.',
                  },
            }
          : { statusType: s < 0.6 ? 'SENT' : 'READ' };
    }
    if (status.statusType === 'READ') base.updatedAt = iso(ms + rng.int(5 * SECOND, 30 * MINUTE));

    // Sequential assignment (not spreads) keeps generation fast and the key order HubSpot's.
    const message = base as SimConversationsMessage;
    message.text = text;
    message.richText = richText;
    if (isEmail) message.subject = first ? subject : `Re: ${subject}`;
    message.attachments = attachments;
    message.truncationStatus = truncationStatus;
    if (isEmail && lastMessage && rng.chance(0.8)) message.inReplyToId = lastMessage.id;
    message.status = status;
    message.direction = direction;
    message.channelId = channelId;
    message.channelAccountId = account.id;
    message.type = 'MESSAGE';
    messages.push(message);
    lastMessage = message;
    lastDirection = direction;
    if (direction === 'OUTGOING') latestSent = ms;
    else latestReceived = ms;
  };

  for (const step of steps) {
    switch (step) {
      case 'WELCOME': {
        const bot = bots[0]!;
        const text = rng.pick(WELCOME_LINES);
        const base = common(t, bot.id, { clientType: 'SYSTEM' });
        base.senders = [{ actorId: bot.id, name: bot.name }];
        messages.push({
          ...base,
          text,
          richText: toRichText(text),
          channelId,
          channelAccountId: account.id,
          type: 'WELCOME_MESSAGE',
        });
        t += rng.int(2 * SECOND, 90 * SECOND);
        break;
      }
      case 'FIRST':
        addConversationMessage(
          channelId === '1002' && rng.chance(0.15) ? 'OUTGOING' : 'INCOMING',
          true,
        );
        break;
      case 'MESSAGE': {
        const direction =
          lastDirection === 'INCOMING'
            ? rng.chance(0.65)
              ? 'OUTGOING'
              : 'INCOMING'
            : rng.chance(0.6)
              ? 'INCOMING'
              : 'OUTGOING';
        addConversationMessage(direction, false);
        break;
      }
      case 'COMMENT': {
        const agent = rng.pick(agents);
        const text = rng.pick(COMMENT_LINES);
        const base = common(advance(), agent.id, { clientType: 'HUBSPOT' });
        base.senders = [{ actorId: agent.id, name: agent.name }];
        const attachments: SimAttachment[] = rng.chance(0.12)
          ? [attachment(nextKind(), channelId)]
          : [];
        messages.push({
          ...base,
          text,
          richText: toRichText(text),
          attachments,
          type: 'COMMENT',
        });
        break;
      }
      case 'ASSIGN': {
        const previous = assignee;
        let to = rng.pick(agents).id;
        if (to === previous)
          to = agents[(agents.findIndex((a) => a.id === to) + 1) % agents.length]!.id;
        const from = previous ?? (rng.chance(0.1) ? rng.pick(departedAgents) : undefined);
        const by = rng.chance(0.6) ? 'S-hubspot' : rng.pick(agents).id;
        const base = common(advance(), by, {
          clientType: by === 'S-hubspot' ? 'SYSTEM' : 'HUBSPOT',
        });
        messages.push({
          ...base,
          assignedTo: to,
          ...(from ? { assignedFrom: from } : {}),
          type: 'ASSIGNMENT',
        });
        assignee = to;
        break;
      }
      case 'INBOX': {
        const others = INBOX_DEFS.filter((d) => d.id !== inboxId && d.id !== ARCHIVED_INBOX_ID);
        const base = common(advance(), rng.pick(agents).id, { clientType: 'HUBSPOT' });
        messages.push({
          ...base,
          fromInboxId: rng.pick(others).id,
          toInboxId: inboxId,
          type: 'THREAD_INBOX_CHANGE',
        });
        break;
      }
      case 'CLOSE':
      case 'REOPEN': {
        const by = assignee ?? rng.pick(agents).id;
        const ms = advance();
        const base = common(ms, by, { clientType: 'HUBSPOT' });
        messages.push({
          ...base,
          newStatus: step === 'CLOSE' ? 'CLOSED' : 'OPEN',
          type: 'THREAD_STATUS_CHANGE',
        });
        closedMs = step === 'CLOSE' ? ms : undefined;
        break;
      }
      case 'FUTURE': {
        const agent = rng.pick(agents);
        const base = common(advance(), agent.id, { clientType: 'HUBSPOT' });
        base.senders = [{ actorId: agent.id, name: agent.name }];
        const durationMs = rng.int(60, 900) * SECOND;
        messages.push({
          ...base,
          callId: String(rng.int(10000000, 99999999)),
          durationMs,
          summary: 'Customer called about a delayed shipment; agent promised a refund.',
          transcript: [
            { speakerActorId: agent.id, offsetMs: 0, text: 'Hi, thanks for calling Acme.' },
            { speakerActorId: visitorActor, offsetMs: 4200, text: 'My order is late.' },
          ],
          recordingUrl: `https://files.${DOMAIN}/calls/${base.id}.mp3`,
          type: 'CALL_TRANSCRIPT',
        });
        break;
      }
    }
  }
  return { messages, t, assignee, latestSent, latestReceived, closedMs };
}

export function generateDataset(options: DatasetOptions = {}): SimulatedDataset {
  const seed = options.seed ?? DEFAULT_SEED;
  const threadCount = options.threadCount ?? DEFAULT_THREAD_COUNT;
  // One random stream, drawn in a fixed order (inboxes and actors draw nothing, then contacts,
  // then thread by thread): the same seed gives the same dataset.
  const rng = new Rng(seed);
  const iso = isoFormatter();
  const portal = generateInboxes(iso);
  const cast = generateActors();
  const people = generateContacts(rng, cast.actors);
  const g: Generation = {
    rng,
    iso,
    portal,
    cast,
    people,
    threads: [],
    messagesByThread: new Map(),
    originalContent: new Map(),
    ticketIdByThreadId: new Map(),
    tickets: [],
    ticketsByContact: new Map(),
    futureTypeThreadIds: [],
    messageIds: new Set(),
    attachmentSeq: 0,
    nextTicketId: 57774743,
    threadIdNum: 8000000000,
  };
  for (let i = 0; i < threadCount; i++) generateThread(g, i, threadCount);
  const { inboxes, channelAccounts } = portal;
  const { actors, unknownActorIds } = cast;
  const { contacts } = people;
  const { threads, ticketIdByThreadId, messagesByThread, originalContent, tickets } = g;
  const { futureTypeThreadIds } = g;

  return {
    seed,
    baseTime: BASE_TIME,
    inboxes,
    channelAccounts,
    threads,
    threadById: new Map(threads.map((th) => [th.id, th])),
    ticketIdByThreadId,
    messagesByThread,
    originalContent,
    actors,
    unknownActorIds,
    tickets,
    ticketById: new Map(tickets.map((tk) => [tk.id, tk])),
    contacts,
    futureTypeThreadIds,
  };
}
