import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  AddCommentDocument,
  ArchiveThreadDocument,
  AssignThreadDocument,
  RestoreThreadDocument,
  SendReplyDocument,
  SetThreadStatusDocument,
  UnassignThreadDocument,
} from '../__generated__/graphql.ts';
import { loadConfig } from '../../src/config.ts';
import { graphiqlOptions } from '../../src/server/graphiql.ts';
import { GRAPHIQL_EXAMPLE_TABS } from '../../src/server/graphiql-example.ts';
import type { SimThread } from '../../src/simulator/index.ts';
import { startSchemaHarness } from '../schema/support.ts';

const FAMILIES = {
  v3: {
    conversations: '/conversations/v3/conversations',
    assignee: '/conversations/conversations/v3',
  },
  '2026-09': {
    conversations: '/conversations/conversations/2026-09',
    assignee: '/conversations/conversations/2026-09',
  },
  '2026-09-beta': {
    conversations: '/conversations/conversations/2026-09-beta',
    assignee: '/conversations/conversations/2026-09-beta',
  },
} as const;

describe('every mutation in every path family (HUBSPOT_API_VERSION)', () => {
  for (const [version, prefix] of Object.entries(FAMILIES)) {
    it(`${version}: method, path and body of each write, and what they cost`, async () => {
      const h = await startSchemaHarness({ env: { HUBSPOT_API_VERSION: version } });
      try {
        const data = h.sim.data;
        const thread = data.threads.find(
          (t: SimThread) =>
            !t.archived &&
            t.status === 'OPEN' &&
            (data.messagesByThread.get(t.id) ?? []).some(
              (m) => m.type === 'MESSAGE' && m.direction === 'INCOMING',
            ),
        )!;
        const agent = [...data.actors.values()].find((a) => a.type === 'AGENT')!.id;
        const id = thread.id;
        const C = prefix.conversations;
        const A = prefix.assignee;
        const steps: [
          string,
          () => Promise<{ errors?: unknown; extensions?: Record<string, unknown> }>,
          string,
          unknown,
          number,
        ][] = [
          [
            'sendThreadMessage',
            () =>
              h.gql(SendReplyDocument, {
                input: { threadId: id, text: 'Hi', senderActorId: agent },
              }),
            `POST ${C}/threads/${id}/messages`,
            expect.objectContaining({ type: 'MESSAGE', text: 'Hi', senderActorId: agent }),
            4,
          ],
          [
            'addThreadComment',
            () => h.gql(AddCommentDocument, { input: { threadId: id, text: 'Note' } }),
            `POST ${C}/threads/${id}/messages`,
            { type: 'COMMENT', text: 'Note', attachments: [] },
            2,
          ],
          [
            'setThreadStatus',
            () => h.gql(SetThreadStatusDocument, { threadId: id, status: 'CLOSED' }),
            `PATCH ${C}/threads/${id}`,
            { status: 'CLOSED' },
            1,
          ],
          [
            'assignThread',
            () => h.gql(AssignThreadDocument, { threadId: id, actorId: agent }),
            `PUT ${A}/threads/${id}/assignee`,
            { actorId: agent },
            1,
          ],
          [
            'unassignThread',
            () => h.gql(UnassignThreadDocument, { threadId: id }),
            `DELETE ${A}/threads/${id}/assignee`,
            undefined,
            2,
          ],
          [
            'archiveThread',
            () => h.gql(ArchiveThreadDocument, { threadId: id }),
            `DELETE ${C}/threads/${id}`,
            undefined,
            2,
          ],
          [
            'restoreThread',
            () => h.gql(RestoreThreadDocument, { threadId: id }),
            `PATCH ${C}/threads/${id}`,
            { archived: false },
            1,
          ],
        ];
        for (const [name, run, request, body, calls] of steps) {
          h.reset();
          const res = await run();
          expect(res.errors, name).toBeUndefined();
          const writes = h.upstream().filter((r) => r.method !== 'GET');
          expect(
            writes.map((r) => `${r.method} ${r.path}`),
            name,
          ).toEqual([request]);
          expect(writes[0]!.body, name).toEqual(body);
          expect(writes[0]!.status, name).toBeLessThan(300);
          expect(h.upstream(), name).toHaveLength(calls);
          const cost = res.extensions?.cost as { estimated: number; actual: number };
          expect(cost.actual, name).toBe(calls);
          // The estimate is an upper bound: a PATCH / PUT answer that carries the thread saves the read.
          expect(cost.estimated, name).toBeGreaterThanOrEqual(calls);
          expect(cost.estimated, name).toBeLessThanOrEqual(calls + 1);
        }
        expect(h.sim.data.threadById.get(id)).toMatchObject({ status: 'CLOSED', archived: false });
        expect(h.sim.data.threadById.get(id)!.assignedTo).toBeUndefined();
      } finally {
        await h.close();
      }
    });
  }
});

describe('MUTATIONS=false', () => {
  it('serves no Mutation type (nor its inputs and payloads), and a mutation costs nothing', async () => {
    const h = await startSchemaHarness({ env: { MUTATIONS: 'false' } });
    try {
      const thread = h.sim.data.threads.find((t) => !t.archived && t.status === 'OPEN')!;
      const res = await h.gql(SetThreadStatusDocument, { threadId: thread.id, status: 'CLOSED' });
      expect(res.data).toBeUndefined();
      expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const introspection = await h.gql(
        '{ __schema { mutationType { name } } userError: __type(name: "UserError") { name } thread: __type(name: "Thread") { name } }',
      );
      expect(introspection.data).toEqual({
        __schema: { mutationType: null },
        userError: null,
        thread: { name: 'Thread' },
      });
      const sdl = printSchema(h.gateway.yoga.getEnveloped().schema);
      expect(sdl).not.toMatch(/type Mutation|SendThreadMessageInput|ThreadPayload|UserErrorCode/);
      expect(sdl).toMatch(/type Query/);
      // The subgraph SDL a router composes is the read-only one too.
      const service = await h.gql('{ _service { sdl } }');
      expect(service.data._service.sdl).toMatch(/type Query/);
      expect(service.data._service.sdl).not.toMatch(/type Mutation|ThreadPayload/);
      // Reads work as before.
      const read = await h.gql('query($id: ID!) { thread(id: $id) { id status } }', {
        id: thread.id,
      });
      expect(read.data.thread).toEqual({ id: thread.id, status: 'OPEN' });
      expect(h.upstream().filter((r) => r.method !== 'GET')).toEqual([]);
      expect(h.sim.data.threadById.get(thread.id)!.status).toBe('OPEN');
    } finally {
      await h.close();
    }
  });

  it('GraphiQL leaves out the mutation example tab', () => {
    const writes = GRAPHIQL_EXAMPLE_TABS.filter((tab) => tab.writes);
    expect(writes.map((tab) => tab.name)).toEqual(['ReplyAndClose']);
    const readOnly =
      graphiqlOptions(loadConfig({ MUTATIONS: 'false' }), { webhooks: true }).defaultTabs ?? [];
    expect(readOnly).toHaveLength(GRAPHIQL_EXAMPLE_TABS.length - writes.length);
    expect(readOnly.some((tab) => /\bmutation\b/.test(tab.query ?? ''))).toBe(false);
    const full = graphiqlOptions(loadConfig({}), { webhooks: false }).defaultTabs ?? [];
    expect(full).toHaveLength(GRAPHIQL_EXAMPLE_TABS.length);
  });

  it('is on by default', async () => {
    const h = await startSchemaHarness();
    try {
      const res = await h.gql('{ __schema { mutationType { name fields { name } } } }');
      expect(
        res.data.__schema.mutationType.fields.map((f: { name: string }) => f.name).sort(),
      ).toEqual([
        'addThreadComment',
        'archiveThread',
        'assignThread',
        'restoreThread',
        'sendThreadMessage',
        'setThreadStatus',
        'unassignThread',
      ]);
    } finally {
      await h.close();
    }
  });
});

describe('inbound protections apply to mutations', () => {
  it('without the API key: UNAUTHENTICATED and no upstream call; with it: the write', async () => {
    const key = 'mutations-test-key-0123456789';
    const h = await startSchemaHarness({ env: { GATEWAY_API_KEYS: key } });
    try {
      const thread = h.sim.data.threads.find((t) => !t.archived && t.status === 'OPEN')!;
      const refused = await h.gql(SetThreadStatusDocument, {
        threadId: thread.id,
        status: 'CLOSED',
      });
      expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(h.upstream()).toEqual([]);
      const allowed = await h.gql(
        SetThreadStatusDocument,
        { threadId: thread.id, status: 'CLOSED' },
        { 'x-api-key': key },
      );
      expect(allowed.data!.setThreadStatus.thread!.status).toBe('CLOSED');
      expect(h.upstream().map((r) => r.method)).toEqual(['PATCH']);
    } finally {
      await h.close();
    }
  });

  it('a mutation sent as a browser form POST is refused by CSRF prevention, before any call', async () => {
    const h = await startSchemaHarness();
    try {
      const thread = h.sim.data.threads.find((t) => !t.archived && t.status === 'OPEN')!;
      const query = `mutation { setThreadStatus(input: { threadId: "${thread.id}", status: CLOSED }) { thread { id } } }`;
      const response = await h.gateway.yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query }).toString(),
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      // GET never runs a mutation either (GraphQL over HTTP).
      const get = await h.gateway.yoga.fetch(
        `http://gateway.test/graphql?query=${encodeURIComponent(query)}`,
        { headers: { accept: 'application/json' } },
      );
      expect(get.status).toBe(405);
      expect(h.upstream()).toEqual([]);
      expect(h.sim.data.threadById.get(thread.id)!.status).toBe('OPEN');
    } finally {
      await h.close();
    }
  });
});
