import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';
import { loadConfig } from '../../src/config.ts';
import { graphiqlOptions } from '../../src/server/graphiql.ts';
import {
  GRAPHIQL_EXAMPLE_TABS,
  type GraphiQLExampleTab,
} from '../../src/server/graphiql-example.ts';
import { createTestGateway, type Harness, startUnthrottledHarness } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startUnthrottledHarness();
});
afterAll(() => h.close());

const BROWSER = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-encoding': 'gzip, deflate, br',
};

async function page(gateway = h.gateway): Promise<{ response: Response; html: string }> {
  const response = await gateway.yoga.fetch('http://gateway.test/graphql', {
    headers: { accept: BROWSER.accept },
  });
  return { response, html: await response.text() };
}

/** The options the page hands to GraphiQL. */
function optionsOf(html: string): {
  defaultTabs: Array<{ query: string; variables?: string; headers?: string }>;
  defaultHeaders?: string;
  introspectionQueryName: string;
} {
  const json = /renderYogaGraphiQL\([^,]+,\s*(\{.*\})\s*\);/s.exec(html)?.[1];
  if (!json) throw new Error('no GraphiQL options in the page');
  return JSON.parse(json);
}

function assetPaths(html: string): string[] {
  return [...html.matchAll(/"(\/graphiql\/[^"]+)"/g)].map((m) => m[1] as string);
}

describe('the GraphiQL page', () => {
  it('is a small HTML page, never cached stale, with the example tabs, and costs no call', async () => {
    h.reset();
    const { response, html } = await page();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    // Yoga's page inlines 9 MB of code and a 151 KB favicon; this one links cacheable files.
    expect(html.length).toBeLessThan(20_000);
    expect(html).not.toContain('data:image/x-icon');
    const options = optionsOf(html);
    expect(
      options.defaultTabs.map((tab) => /(query|mutation|subscription) (\w+)/.exec(tab.query)?.[2]),
    ).toEqual(GRAPHIQL_EXAMPLE_TABS.map((tab) => tab.name));
    expect(options.introspectionQueryName).toBe('GraphiQLIntrospection');
    // Loopback, no inbound auth: nothing to pre-fill.
    expect(options.defaultHeaders).toBeUndefined();
    expect(options.defaultTabs[0]?.headers).toBeUndefined();
    expect(h.upstream()).toEqual([]);
  });

  it('is compressed when the browser accepts it', async () => {
    const response = await h.gateway.yoga.fetch('http://gateway.test/graphql', {
      headers: BROWSER,
    });
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
    const html = brotliDecompressSync(Buffer.from(await response.arrayBuffer())).toString();
    expect(html).toContain('renderYogaGraphiQL');
  });

  it('pre-fills the header the auth mode needs, with a placeholder, never a secret', async () => {
    const key = 'k'.repeat(24);
    const { gateway } = createTestGateway({
      sim: h.sim,
      env: { LOG_LEVEL: 'silent', GATEWAY_API_KEYS: key },
      accessToken: h.sim.token,
    });
    const { html } = await page(gateway);
    expect(html).not.toContain(key);
    const options = optionsOf(html);
    expect(JSON.parse(options.defaultHeaders ?? '{}')).toEqual({
      'x-api-key': '<one of GATEWAY_API_KEYS>',
    });
    for (const tab of options.defaultTabs) {
      expect(JSON.parse(tab.headers ?? '{}')).toHaveProperty('x-api-key');
    }

    const forwarding = createTestGateway({
      sim: h.sim,
      env: { LOG_LEVEL: 'silent', FORWARD_CALLER_TOKEN: 'true' },
      accessToken: undefined,
    });
    const forwarded = optionsOf((await page(forwarding.gateway)).html);
    expect(JSON.parse(forwarded.defaultHeaders ?? '{}')).toEqual({
      authorization: 'Bearer <your HubSpot access token>',
    });
  });
});

describe("GraphiQL's files", () => {
  it('are served compressed, cacheable for a year, and revalidate by ETag', async () => {
    const { html } = await page();
    const paths = assetPaths(html);
    // The bundle, its stylesheet, the favicon and Monaco's three workers.
    expect(paths.filter((p) => p.endsWith('.js'))).toHaveLength(4);
    expect(paths.some((p) => p.endsWith('.css'))).toBe(true);
    const app = paths.find((p) => p.startsWith('/graphiql/graphiql.') && p.endsWith('.js'));
    const url = `http://gateway.test${app}`;

    const br = await h.gateway.yoga.fetch(url, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(br.headers.get('content-type')).toMatch(/^text\/javascript/);
    const compressed = Buffer.from(await br.arrayBuffer());
    const js = brotliDecompressSync(compressed).toString();
    expect(compressed.length).toBeLessThan(js.length / 2);
    // The History plugin is put back next to the Explorer.
    expect(js).toMatch(/plugins:\[[\w$]+,[\w$]+\],schemaDescription:/);

    const gz = await h.gateway.yoga.fetch(url, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(js);

    const plain = await h.gateway.yoga.fetch(url);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(js);

    const refused = await h.gateway.yoga.fetch(url, {
      headers: { 'accept-encoding': 'br;q=0, gzip;q=0' },
    });
    expect(refused.headers.get('content-encoding')).toBeNull();
    await refused.arrayBuffer();

    const etag = br.headers.get('etag') as string;
    const again = await h.gateway.yoga.fetch(url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);

    const unknown = await h.gateway.yoga.fetch('http://gateway.test/graphiql/nope.js');
    expect(unknown.status).toBe(404);
  });
});

describe('compression of GraphQL responses', () => {
  it('compresses a large JSON result when accepted, and leaves small ones alone', async () => {
    h.reset();
    const query = '{ threads(first: 50) { edges { node { id status createdAt inboxId } } } }';
    const big = await h.gateway.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify({ query }),
    });
    expect(big.headers.get('content-encoding')).toBe('gzip');
    const result = JSON.parse(gunzipSync(Buffer.from(await big.arrayBuffer())).toString());
    expect(result.data.threads.edges).toHaveLength(50);
    expect(result.extensions.cost.actual).toBe(1);
    expect(h.upstream().map((r) => r.operation)).toEqual(['listThreads']);

    const small = await h.gateway.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip, br' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.json()).toMatchObject({ data: { __typename: 'Query' } });
    expect(h.upstream()).toHaveLength(1);
  });
});

describe('the example tabs', () => {
  it.each(GRAPHIQL_EXAMPLE_TABS.map((tab) => [tab.name, tab] as const))(
    '%s is valid and runs on the simulated portal at the cost it reports',
    async (_name, tab) => {
      expect(validate(schema, parse(tab.query))).toEqual([]);
      const kind = /^\s*(query|mutation|subscription)\b/m.exec(
        tab.query.replace(/^#.*$/gm, ''),
      )?.[1];
      if (kind === 'subscription') return runSubscriptionTab(tab);
      h.reset();
      const result = await h.gql(tab.query, tab.variables, tab.headers);
      expect(result.errors).toBeUndefined();
      for (const value of Object.values(result.data ?? {})) expect(value).not.toBeNull();
      const cost = result.extensions?.cost as { actual: number; estimated: number };
      expect(cost.actual).toBe(h.upstream().length);
      expect(cost.actual).toBeGreaterThan(0);
    },
  );
});

/**
 * Runs a subscription tab over GraphQL over SSE, makes a change (an internal comment, through the
 * gateway's own mutation) and checks the event the tab receives and what it cost upstream.
 */
async function runSubscriptionTab(tab: GraphiQLExampleTab): Promise<void> {
  h.reset();
  const thread = h.sim.data.threads.find((t) => !t.archived && t.status === 'OPEN')!;
  const controller = new AbortController();
  const response = await h.gateway.yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: tab.query, variables: tab.variables }),
    signal: controller.signal,
  });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.getReader();
  try {
    // Registered once the stream is open; subscribing costs nothing.
    while (h.gateway.live.active === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(h.upstream()).toEqual([]);

    const text = `Seen live ${thread.id}`;
    const comment = await h.gql(
      'mutation($id: ID!, $text: String!) { addThreadComment(input: { threadId: $id, text: $text }) { comment { id } userErrors { code } } }',
      { id: thread.id, text },
    );
    expect(comment.errors).toBeUndefined();
    expect(comment.data.addThreadComment.userErrors).toEqual([]);
    const commentId = comment.data.addThreadComment.comment.id as string;
    const writes = h.upstream().length;

    let buffer = '';
    let event: { data?: { threadEvents?: Record<string, unknown> }; errors?: unknown } | undefined;
    while (!event) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error('stream ended before an event');
      buffer += new TextDecoder().decode(chunk.value);
      const block = buffer.split('\n\n').find((b) => b.startsWith('event: next'));
      const data = block?.split('\n').find((line) => line.startsWith('data:'));
      if (data) event = JSON.parse(data.slice(5));
    }
    expect(event.errors).toBeUndefined();
    expect(event.data?.threadEvents).toMatchObject({
      type: 'NEW_MESSAGE',
      threadId: thread.id,
      thread: { id: thread.id, status: 'OPEN' },
      message: { __typename: 'ThreadComment', text },
    });
    // The event: one getThread and one getMessage (the new comment), after the mutation's calls.
    const eventReads = h.upstream().slice(writes);
    expect(eventReads.map((r) => r.operation).sort()).toEqual(['getMessage', 'getThread']);
    expect(eventReads.find((r) => r.operation === 'getMessage')?.path).toMatch(
      new RegExp(`/threads/${thread.id}/messages/${commentId}$`),
    );
  } finally {
    controller.abort();
    await reader.cancel().catch(() => undefined);
  }
  while (h.gateway.live.active > 0) await new Promise((resolve) => setImmediate(resolve));
}

describe('the subscription example tab', () => {
  const streaming = GRAPHIQL_EXAMPLE_TABS.filter((tab) => tab.streams);
  const names = (env: Record<string, string>, webhooks: boolean) =>
    (graphiqlOptions(loadConfig(env), { webhooks }).defaultTabs ?? []).map(
      (tab) => /(?:query|mutation|subscription) (\w+)/.exec(tab.query ?? '')?.[1],
    );

  it('is a subscription of threadEvents, marked as streaming', () => {
    expect(streaming.map((tab) => tab.name)).toEqual(['LiveThreadEvents']);
    const tab = streaming[0]!;
    expect(tab.writes).toBeUndefined();
    expect(tab.query).toMatch(/^subscription LiveThreadEvents \{\n {2}threadEvents \{/m);
  });

  it('is left out only where no event can ever arrive', () => {
    const all = GRAPHIQL_EXAMPLE_TABS.map((tab) => tab.name);
    const reads = GRAPHIQL_EXAMPLE_TABS.filter((t) => !t.writes && !t.streams).map((t) => t.name);
    // Mutations publish events, webhooks deliver HubSpot's, other replicas share theirs by Redis.
    expect(names({}, false)).toEqual(all);
    expect(names({ MUTATIONS: 'false' }, true)).toEqual([...reads, 'LiveThreadEvents']);
    expect(
      names(
        {
          MUTATIONS: 'false',
          REDIS_URL: 'redis://127.0.0.1:6399',
          CACHE_KEY_SECRET: 'c'.repeat(16),
        },
        false,
      ),
    ).toEqual([...reads, 'LiveThreadEvents']);
    // Read-only, no webhooks, one replica: nothing would ever arrive.
    expect(names({ MUTATIONS: 'false' }, false)).toEqual(reads);
  });

  it('is on the page of a read-only gateway with webhooks, and off without them', async () => {
    const subscriptionsOn = async (env: Record<string, string>) => {
      const { gateway } = createTestGateway({
        sim: h.sim,
        env: { LOG_LEVEL: 'silent', MUTATIONS: 'false', ...env },
        accessToken: h.sim.token,
      });
      const tabs = optionsOf((await page(gateway)).html).defaultTabs;
      await gateway.close();
      return tabs.map((tab) => /subscription (\w+)/.exec(tab.query)?.[1]).filter(Boolean);
    };
    h.reset();
    expect(await subscriptionsOn({ HUBSPOT_CLIENT_SECRET: 'client-secret-0123456789' })).toEqual([
      'LiveThreadEvents',
    ]);
    expect(await subscriptionsOn({})).toEqual([]);
    expect(h.upstream()).toEqual([]);
  });
});

describe("GraphiQL's Explorer and federation", () => {
  const introspect = async (operationName: string) => {
    const response = await h.gql(
      `query ${operationName} { __schema { queryType { fields { name } } types { name } } }`,
    );
    const fields = (response.data.__schema.queryType.fields as Array<{ name: string }>).map(
      (f) => f.name,
    );
    const types = (response.data.__schema.types as Array<{ name: string }>).map((t) => t.name);
    return { fields, types };
  };

  it("answers GraphiQL's introspection from the client-facing schema only", async () => {
    const graphiql = await introspect('GraphiQLIntrospection');
    expect(graphiql.fields).toContain('threads');
    expect(graphiql.fields).not.toContain('_entities');
    expect(graphiql.fields).not.toContain('_service');
    expect(graphiql.types).not.toContain('_Any');

    const other = await introspect('IntrospectionQuery');
    expect(other.fields).toEqual(expect.arrayContaining(['_entities', '_service', 'threads']));
    const sdl = await h.gql('{ _service { sdl } }');
    expect(sdl.data._service.sdl).toContain('@key(fields: "id")');
  });
});
