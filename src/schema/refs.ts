import type {
  HubSpotActor,
  HubSpotAttachment,
  HubSpotCrmObject,
  HubSpotInbox,
  HubSpotMessage,
  HubSpotRecipient,
  HubSpotSender,
  HubSpotThread,
} from '../hubspot/schemas.ts';
import { builder } from './builder.ts';
import type { Known } from './loose.ts';

/**
 * Refs of the types that reference each other, declared before any is implemented so the type
 * files can import them without import cycles.
 */
export const ThreadRef = builder.objectRef<Known<HubSpotThread>>('Thread');
export const TicketRef = builder.objectRef<{ id: string }>('Ticket');
/** A CRM contact by reference (id only): the CRM subgraph owns contacts. */
export const ContactRef = builder.objectRef<{ id: string }>('Contact');
export const TicketCrmRecordRef = builder.objectRef<Known<HubSpotCrmObject>>('TicketCrmRecord');
export const MessageRef = builder.interfaceRef<Known<HubSpotMessage>>('Message');
export const ActorRef = builder.objectRef<Known<HubSpotActor>>('Actor');
export const InboxRef = builder.objectRef<Known<HubSpotInbox>>('Inbox');
export const AttachmentRef = builder.interfaceRef<HubSpotAttachment>('Attachment');
export const MessageSenderRef = builder.objectRef<Known<HubSpotSender>>('MessageSender');
export const MessageRecipientRef = builder.objectRef<Known<HubSpotRecipient>>('MessageRecipient');
