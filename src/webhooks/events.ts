import type { ThreadChange, ThreadChangeType } from '../live/changes.ts';

/** One event of a HubSpot webhook batch (the fields the gateway reads; HubSpot sends more). */
export interface HubSpotWebhookEvent {
  eventId: number | string;
  subscriptionType: string;
  /** Conversation events: the thread id. */
  objectId: number | string;
  portalId?: number;
  appId?: number;
  /** Epoch milliseconds. */
  occurredAt?: number;
  attemptNumber?: number;
  /** `conversation.newMessage` */
  messageId?: string;
  messageType?: string;
  /** `conversation.propertyChange` */
  propertyName?: string;
  propertyValue?: string;
}

/** The conversation event types, and `other` for any type this gateway does not handle. */
export const WEBHOOK_EVENT_TYPES = [
  'conversation.creation',
  'conversation.newMessage',
  'conversation.propertyChange',
  'conversation.deletion',
  'conversation.privacyDeletion',
  'other',
] as const;
/** A closed set (metric label): a conversation event type, `other`, or `unknown` (unparsed). */
export type WebhookEventTypeLabel = (typeof WEBHOOK_EVENT_TYPES)[number] | 'unknown';

export function typeLabel(subscriptionType: string): WebhookEventTypeLabel {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(subscriptionType)
    ? (subscriptionType as WebhookEventTypeLabel)
    : 'other';
}

const isId = (value: unknown) =>
  (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) ||
  (typeof value === 'string' && value.length > 0 && value.length <= 100);

/**
 * The batch when `body` is what HubSpot sends: a JSON array of objects, each with `eventId`,
 * `subscriptionType` and `objectId`. Undefined for anything else.
 */
export function parseBatch(body: unknown): HubSpotWebhookEvent[] | undefined {
  if (!Array.isArray(body)) return undefined;
  for (const item of body as unknown[]) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
    const event = item as Record<string, unknown>;
    if (!isId(event.eventId) || !isId(event.objectId)) return undefined;
    if (typeof event.subscriptionType !== 'string' || event.subscriptionType.length > 200) {
      return undefined;
    }
  }
  return body as HubSpotWebhookEvent[];
}

/** What one event means for the gateway. */
export type EventEffect =
  /** A change subscribers see (the cache forgets the thread first). */
  | { kind: 'change'; change: ThreadChange }
  /** The thread changed in a way no `ThreadEventType` names: the cache forgets it, nobody is told. */
  | { kind: 'invalidate'; threadId: string }
  | { kind: 'ignore'; reason: string };

/** HubSpot's conversation webhook vocabulary → the gateway's thread changes. */
export function effectOf(event: HubSpotWebhookEvent): EventEffect {
  const threadId = String(event.objectId);
  const change = (type: ThreadChangeType, extra: Partial<ThreadChange> = {}): EventEffect => ({
    kind: 'change',
    change: {
      id: String(event.eventId),
      type,
      threadId,
      occurredAt: new Date(
        typeof event.occurredAt === 'number' && Number.isFinite(event.occurredAt)
          ? event.occurredAt
          : Date.now(),
      ).toISOString(),
      source: 'webhook',
      ...(typeof event.portalId === 'number' ? { portalId: event.portalId } : {}),
      ...extra,
    },
  });
  switch (event.subscriptionType) {
    case 'conversation.creation':
      return change('THREAD_CREATED');
    case 'conversation.newMessage':
      return change(
        'NEW_MESSAGE',
        typeof event.messageId === 'string' && event.messageId !== ''
          ? { messageId: event.messageId }
          : {},
      );
    case 'conversation.deletion':
      // HubSpot's "deletion" is archiving (a soft delete, restorable for 30 days).
      return change('ARCHIVED');
    case 'conversation.privacyDeletion':
      return change('DELETED');
    case 'conversation.propertyChange':
      switch (event.propertyName) {
        case 'status':
          return change('STATUS_CHANGED');
        case 'assignedTo':
          return change('ASSIGNMENT_CHANGED');
        case 'isArchived':
          // Restoring sends isArchived=false; archiving is reported by conversation.deletion.
          return String(event.propertyValue) === 'false'
            ? change('RESTORED')
            : { kind: 'invalidate', threadId };
        default:
          return { kind: 'invalidate', threadId };
      }
    default:
      return { kind: 'ignore', reason: 'not a conversation event' };
  }
}
