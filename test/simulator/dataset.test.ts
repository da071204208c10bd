import { describe, expect, it } from 'vitest';
import {
  BASE_TIME,
  generateDataset,
  type SimConversationsMessage,
  type SimMessage,
} from '../../src/simulator/index.ts';

const data = generateDataset();
const allMessages: SimMessage[] = [...data.messagesByThread.values()].flat();
const conversationMessages = allMessages.filter(
  (m): m is SimConversationsMessage => m.type === 'MESSAGE',
);

describe('generated data set', () => {
  it('is a pure function of the seed', () => {
    const again = generateDataset();
    expect(JSON.stringify(again.threads)).toBe(JSON.stringify(data.threads));
    expect(JSON.stringify([...again.messagesByThread])).toBe(
      JSON.stringify([...data.messagesByThread]),
    );
    expect(JSON.stringify(again.tickets)).toBe(JSON.stringify(data.tickets));
    const other = generateDataset({ seed: 7 });
    expect(JSON.stringify(other.threads)).not.toBe(JSON.stringify(data.threads));
  });

  it('has inboxes of both types and 400-600 threads with numeric string ids', () => {
    expect(data.inboxes.length).toBeGreaterThanOrEqual(4);
    expect(data.inboxes.length).toBeLessThanOrEqual(5);
    expect(new Set(data.inboxes.map((i) => i.type))).toEqual(new Set(['INBOX', 'HELP_DESK']));
    expect(data.threads.length).toBeGreaterThanOrEqual(400);
    expect(data.threads.length).toBeLessThanOrEqual(600);
    const ids = data.threads.map((t) => Number(t.id));
    expect(data.threads.every((t) => /^\d+$/.test(t.id))).toBe(true);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBeGreaterThan(8_000_000_000);
    // Enough live threads that a page of 500 (the clamp) is observable.
    expect(data.threads.filter((t) => !t.archived).length).toBeGreaterThan(500);
  });

  it('mixes open/closed, archived, spam and assigned threads', () => {
    const open = data.threads.filter((t) => t.status === 'OPEN').length / data.threads.length;
    expect(open).toBeGreaterThan(0.5);
    expect(open).toBeLessThan(0.75);
    for (const t of data.threads) {
      expect(t.closedAt !== undefined).toBe(t.status === 'CLOSED');
    }
    const archived = data.threads.filter((t) => t.archived).length;
    expect(archived).toBeGreaterThan(10);
    expect(data.threads.some((t) => t.spam)).toBe(true);
    expect(data.threads.filter((t) => t.assignedTo).length / data.threads.length).toBeGreaterThan(
      0.7,
    );
  });

  it('keeps latestMessage*Timestamps consistent with the messages', () => {
    for (const thread of data.threads) {
      const messages = (data.messagesByThread.get(thread.id) ?? []).filter(
        (m): m is SimConversationsMessage => m.type === 'MESSAGE',
      );
      const latest = (dir?: string) =>
        messages
          .filter((m) => dir === undefined || m.direction === dir)
          .map((m) => m.createdAt)
          .sort()
          .at(-1);
      expect(thread.latestMessageTimestamp).toBe(latest());
      expect(thread.latestMessageSentTimestamp).toBe(latest('OUTGOING'));
      expect(thread.latestMessageReceivedTimestamp).toBe(latest('INCOMING'));
    }
    expect(allMessages.every((m) => m.createdAt < BASE_TIME)).toBe(true);
  });

  it('has 0-60 messages per thread, some threads over 50', () => {
    const counts = [...data.messagesByThread.values()].map((m) => m.length);
    expect(Math.min(...counts)).toBe(0);
    expect(Math.max(...counts)).toBeLessThanOrEqual(60);
    expect(counts.filter((n) => n > 50).length).toBeGreaterThan(5);
  });

  it('contains all six message types plus a future one on a few known threads', () => {
    const types = new Set(allMessages.map((m) => m.type));
    for (const type of [
      'MESSAGE',
      'COMMENT',
      'WELCOME_MESSAGE',
      'ASSIGNMENT',
      'THREAD_STATUS_CHANGE',
      'THREAD_INBOX_CHANGE',
      'CALL_TRANSCRIPT',
    ]) {
      expect(types).toContain(type);
    }
    expect(data.futureTypeThreadIds.length).toBeGreaterThanOrEqual(3);
    for (const id of data.futureTypeThreadIds) {
      expect(data.messagesByThread.get(id)!.some((m) => m.type === 'CALL_TRANSCRIPT')).toBe(true);
    }
    const future = allMessages.filter((m) => m.type === 'CALL_TRANSCRIPT');
    expect(future.length).toBeLessThan(20);
  });

  it('has well-formed common message fields', () => {
    for (const m of allMessages) {
      expect(m.id).toMatch(/^[0-9a-f]{32}$/);
      expect(typeof m.createdBy).toBe('string');
      expect(Array.isArray(m.senders) && Array.isArray(m.recipients)).toBe(true);
      if (m.client.integrationAppId !== undefined) {
        expect(typeof m.client.integrationAppId).toBe('number');
      }
    }
    expect(allMessages.some((m) => m.client.clientType === 'INTEGRATION')).toBe(true);
    expect(new Set(allMessages.map((m) => m.id)).size).toBe(allMessages.length);
  });

  it('covers MESSAGE variants: directions, statuses, truncation, email subject, rich-only text', () => {
    const values = <K extends keyof SimConversationsMessage>(key: K) =>
      new Set(conversationMessages.map((m) => m[key]));
    expect(values('direction')).toEqual(new Set(['INCOMING', 'OUTGOING']));
    expect(values('channelId')).toEqual(new Set(['1000', '1001', '1002']));
    expect(values('truncationStatus')).toEqual(
      new Set(['NOT_TRUNCATED', 'TRUNCATED', 'TRUNCATED_TO_MOST_RECENT_REPLY']),
    );
    expect(new Set(conversationMessages.map((m) => m.status?.statusType))).toEqual(
      new Set(['SENT', 'RECEIVED', 'READ', 'FAILED']),
    );
    const failed = conversationMessages.filter((m) => m.status?.statusType === 'FAILED');
    expect(failed.every((m) => m.status?.failureDetails?.errorMessageTokens)).toBe(true);
    expect(conversationMessages.some((m) => m.text === '' && (m.richText ?? '') !== '')).toBe(true);
    expect(conversationMessages.some((m) => m.inReplyToId !== undefined)).toBe(true);
    const email = conversationMessages.filter((m) => m.channelId === '1002');
    expect(email.every((m) => typeof m.subject === 'string')).toBe(true);
    expect(new Set(email.flatMap((m) => m.recipients.map((r) => r.recipientField)))).toEqual(
      new Set(['TO', 'CC', 'BCC']),
    );
  });

  it('has a full body for every truncated message, longer than its text', () => {
    for (const m of conversationMessages) {
      const full = data.originalContent.get(m.id);
      if (m.truncationStatus === 'NOT_TRUNCATED') expect(full).toBeUndefined();
      else {
        expect(full!.text.length).toBeGreaterThan(m.text.length);
        expect(full!.richText.length).toBeGreaterThan((m.richText ?? '').length);
      }
    }
  });

  it('uses every attachment kind, plus a future one', () => {
    const kinds = new Set<string>();
    for (const m of allMessages) {
      if (m.type !== 'MESSAGE' && m.type !== 'COMMENT') continue;
      for (const a of m.attachments)
        kinds.add(a.type === 'FILE' ? `FILE:${a.fileUsageType}` : a.type);
    }
    expect([...kinds].sort()).toEqual(
      [
        'CONTACT',
        'FILE:AUDIO',
        'FILE:IMAGE',
        'FILE:OTHER',
        'FILE:STICKER',
        'FILE:VOICE_RECORDING',
        'LOCATION',
        'MESSAGE_HEADER',
        'POLL',
        'QUICK_REPLIES',
        'SOCIAL_MEDIA_METADATA',
        'UNSUPPORTED_CONTENT',
        'WHATSAPP_TEMPLATE_METADATA',
      ].sort(),
    );
  });

  it('links ~40% of threads to tickets, several threads per ticket and per contact', () => {
    const share = data.ticketIdByThreadId.size / data.threads.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.5);
    expect(data.tickets.some((t) => t.threadIds.length >= 3)).toBe(true);
    for (const ticket of data.tickets) {
      expect(ticket.id).toMatch(/^\d+$/);
      for (const threadId of ticket.threadIds) {
        expect(data.ticketIdByThreadId.get(threadId)).toBe(ticket.id);
      }
    }
    const perContact = new Map<string, number>();
    for (const t of data.threads) {
      perContact.set(t.associatedContactId, (perContact.get(t.associatedContactId) ?? 0) + 1);
    }
    expect(Math.max(...perContact.values())).toBeGreaterThanOrEqual(4);
    const visitorOnly = new Set(data.contacts.filter((c) => c.visitorOnly).map((c) => c.id));
    expect(data.threads.some((t) => visitorOnly.has(t.associatedContactId))).toBe(true);
    expect(data.threads.every((t) => /^\d+$/.test(t.associatedContactId))).toBe(true);
  });

  it('knows every referenced actor except a few deliberate unknown ones', () => {
    const referenced = new Set<string>();
    for (const m of allMessages) {
      referenced.add(m.createdBy);
      for (const s of m.senders) if (s.actorId) referenced.add(s.actorId);
      for (const r of m.recipients) if (r.actorId) referenced.add(r.actorId);
      if (m.type === 'ASSIGNMENT') {
        if (m.assignedTo) referenced.add(m.assignedTo);
        if (m.assignedFrom) referenced.add(m.assignedFrom);
      }
    }
    for (const t of data.threads) if (t.assignedTo) referenced.add(t.assignedTo);
    const unknown = [...referenced].filter((id) => !data.actors.has(id)).sort();
    expect(unknown).toEqual([...data.unknownActorIds].sort());
    expect(unknown.length).toBeGreaterThan(0);
    const types = new Set([...data.actors.values()].map((a) => a.type));
    expect(types).toEqual(
      new Set(['AGENT', 'BOT', 'INTEGRATOR', 'SYSTEM', 'VISITOR', 'EMAIL', 'LLM']),
    );
    expect(data.actors.get('S-hubspot')).toEqual({ id: 'S-hubspot', type: 'SYSTEM' });
  });
});
