import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startUnthrottledHarness } from '../helpers/harness.ts';
import { post } from './support.ts';

const fetchVia = (h: Harness, path: string, init: RequestInit = {}) =>
  h.gateway.yoga.fetch(`http://gateway.test${path}`, init);

describe('hardened surface (defaults)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startUnthrottledHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  async function refused(query: string, code: string, limit?: string) {
    const res = await post(h, { query });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions.code).toBe(code);
    if (limit) expect(body.errors[0].extensions.limit).toBe(limit);
    expect(h.upstream()).toEqual([]);
    return body.errors[0].message as string;
  }

  it('depth limit (MAX_QUERY_DEPTH=15): GRAPHQL_VALIDATION_FAILED, no upstream call', async () => {
    let selection = 'id';
    for (let i = 0; i < 4; i++)
      selection = `ticket { threads { edges { node { ${selection} } } } }`;
    const message = await refused(
      `{ threads { edges { node { ${selection} } } } }`,
      'GRAPHQL_VALIDATION_FAILED',
      'maxDepth',
    );
    expect(message).toMatch(/depth limit of 15 exceeded/);
  });

  it('fragments do not add depth: the shipped ThreadDetail shape passes', async () => {
    const res = await post(h, {
      query: `query { thread(id: "1") { ...T } } fragment T on Thread { messages { edges { node { ...M } } } }
              fragment M on Message { ... on ChannelMessage { attachments { ... on ContactAttachment {
                contactProfile { addresses { street } } } } } }`,
    });
    expect(res.status).toBe(200);
  });

  it('alias limit (MAX_ALIASES=30)', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: inboxes { id }`).join(' ');
    const message = await refused(`{ ${aliases} }`, 'GRAPHQL_VALIDATION_FAILED', 'maxAliases');
    expect(message).toMatch(/Aliases limit of 30 exceeded/);
  });

  it('directive limit (MAX_DIRECTIVES=50)', async () => {
    const directives = Array.from({ length: 51 }, () => '@include(if: true)').join(' ');
    await refused(`{ __typename ${directives} }`, 'GRAPHQL_VALIDATION_FAILED', 'maxDirectives');
  });

  it('token limit (MAX_TOKENS=2000): GRAPHQL_PARSE_FAILED before validation', async () => {
    const fields = Array.from({ length: 1000 }, () => 'id status').join(' ');
    const message = await refused(`{ thread(id: "1") { ${fields} } }`, 'GRAPHQL_PARSE_FAILED');
    expect(message).toMatch(/2000 tokens/);
  });

  it('body size limit (MAX_REQUEST_BODY_BYTES=100000): 413', async () => {
    const res = await post(h, { query: '{ __typename }', variables: { pad: 'x'.repeat(120_000) } });
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('parse and validation errors carry stable codes', async () => {
    expect(await refused('{ threads { ', 'GRAPHQL_PARSE_FAILED')).toMatch(/Syntax Error/);
    expect(await refused('{ nope }', 'GRAPHQL_VALIDATION_FAILED')).toMatch(/Cannot query field/);
  });

  it('introspection and field suggestions are on by default', async () => {
    const res = await post(h, { query: '{ __schema { queryType { name } } }' });
    expect((await res.json()).data.__schema.queryType.name).toBe('Query');
    const typo = await (await post(h, { query: '{ thread(id: "1") { stauts } }' })).json();
    expect(typo.errors[0].message).toContain('Did you mean');
  });

  describe('CSRF prevention (browser simple requests only)', () => {
    const query = encodeURIComponent('{ __typename }');

    it('refuses form and text/plain POSTs without a preflight header', async () => {
      for (const type of [
        'application/x-www-form-urlencoded',
        'text/plain',
        'multipart/form-data; boundary=x',
      ]) {
        const res = await fetchVia(h, '/graphql', {
          method: 'POST',
          headers: { 'content-type': type },
          body: `query=${query}`,
        });
        expect(res.status).toBe(403);
        expect((await res.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
      }
    });

    it('accepts JSON POSTs and any request carrying a preflight-forcing header', async () => {
      expect((await post(h, { query: '{ __typename }' })).status).toBe(200);
      const form = await fetchVia(h, '/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-graphql-yoga-csrf': '1',
        },
        body: `query=${query}`,
      });
      expect(form.status).toBe(200);
    });

    it('GET: spec clients and same-origin pages pass; cross-site browser GETs need the header', async () => {
      const plain = await fetchVia(h, `/graphql?query=${query}`, {
        headers: { accept: 'application/graphql-response+json' },
      });
      expect(plain.status).toBe(200);
      const sameOrigin = await fetchVia(h, `/graphql?query=${query}`, {
        headers: { 'sec-fetch-site': 'same-origin' },
      });
      expect(sameOrigin.status).toBe(200);
      const crossSite = await fetchVia(h, `/graphql?query=${query}`, {
        headers: { 'sec-fetch-site': 'cross-site' },
      });
      expect(crossSite.status).toBe(403);
      const crossSiteWithHeader = await fetchVia(h, `/graphql?query=${query}`, {
        headers: { 'sec-fetch-site': 'cross-site', 'x-graphql-yoga-csrf': '1' },
      });
      expect(crossSiteWithHeader.status).toBe(200);
    });
  });

  it('CORS is closed by default: no Access-Control-Allow-Origin for a foreign page', async () => {
    const res = await post(h, { query: '{ __typename }' }, { origin: 'https://evil.example' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetchVia(h, '/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('GraphiQL is served to browsers (GRAPHIQL=true)', async () => {
    const res = await fetchVia(h, '/graphql', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<html');
  });

  it('still passes every MUST audit of the GraphQL-over-HTTP spec (graphql-http)', async () => {
    const results = await auditServer({
      url: 'http://gateway.test/graphql',
      fetchFn: (input: string, init?: RequestInit) => h.gateway.yoga.fetch(input, init ?? {}),
    });
    const failedMusts = results
      .filter((r) => r.status !== 'ok' && r.name.startsWith('MUST'))
      .map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(failedMusts).toEqual([]);
  });
});

describe('hardened surface (production settings)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startUnthrottledHarness({
      env: {
        INTROSPECTION: 'false',
        GRAPHIQL: 'false',
        MAX_QUERY_DEPTH: '5',
        CORS_ORIGINS: 'https://app.example.com',
      },
    });
  });
  afterAll(() => h.close());

  it('INTROSPECTION=false refuses __schema / __type but keeps __typename', async () => {
    for (const query of [
      '{ __schema { types { name } } }',
      '{ __type(name: "Thread") { name } }',
    ]) {
      const res = await post(h, { query });
      expect(res.status).toBe(400);
      expect((await res.json()).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    const typename = await (await post(h, { query: '{ __typename }' })).json();
    expect(typename.data).toEqual({ __typename: 'Query' });
  });

  it('INTROSPECTION=false also hides field suggestions', async () => {
    const typo = await (await post(h, { query: '{ thread(id: "1") { stauts } }' })).json();
    expect(typo.errors[0].message).not.toContain('Did you mean');
    expect(typo.errors[0].message).not.toContain('status');
  });

  it('GRAPHIQL=false: no GraphiQL page', async () => {
    const res = await fetchVia(h, '/graphql', { headers: { accept: 'text/html' } });
    expect(await res.text()).not.toContain('graphiql');
  });

  it('MAX_QUERY_DEPTH is configurable', async () => {
    const res = await post(h, {
      query: '{ threads { edges { node { ticket { threads { edges { node { id } } } } } } } }',
    });
    expect(res.status).toBe(400);
  });

  it('CORS_ORIGINS lets exactly the listed origin read responses', async () => {
    const allowed = await post(
      h,
      { query: '{ __typename }' },
      { origin: 'https://app.example.com' },
    );
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const preflight = await fetchVia(h, '/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    const other = await post(h, { query: '{ __typename }' }, { origin: 'https://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });
});
