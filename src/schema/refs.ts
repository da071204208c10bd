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

/**
 * Refs of the types that reference each other, declared before any is implemented so the type
 * files can import them without import cycles.
 */
export const ThreadRef = builder.objectRef<HubSpotThread>('Thread');
export const TicketRef = builder.objectRef<{ id: string }>('Ticket');
/** A CRM contact by reference (id only): the CRM subgraph owns contacts. */
export const ContactRef = builder.objectRef<{ id: string }>('Contact');
export const TicketCrmRecordRef = builder.objectRef<HubSpotCrmObject>('TicketCrmRecord');
export const MessageRef = builder.interfaceRef<HubSpotMessage>('Message');
export const ActorRef = builder.objectRef<HubSpotActor>('Actor');
export const InboxRef = builder.objectRef<HubSpotInbox>('Inbox');
export const AttachmentRef = builder.interfaceRef<HubSpotAttachment>('Attachment');
export const MessageSenderRef = builder.objectRef<HubSpotSender>('MessageSender');
export const MessageRecipientRef = builder.objectRef<HubSpotRecipient>('MessageRecipient');
