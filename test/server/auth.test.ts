import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { type Harness, startUnthrottledHarness } from '../helpers/harness.ts';
import { expectNoLeaks, post } from './support.ts';

const KEY_A = 'key-aaaaaaaaaaaaaaaaaaaaaaaa';
const KEY_B = 'key-bbbbbbbbbbbbbbbbbbbbbbbb';
const QUERY = { query: '{ threads(first: 1) { edges { node { id } } } }' };

describe('config: a server token is never an open door', () => {
  it('refuses a non-loopback HOST without inbound auth', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/GATEWAY_API_KEYS/);
    expect(() =>
      loadConfig({ HOST: '10.1.2.3', HUBSPOT_ACCESS_TOKEN: 'pat-x', FORWARD_CALLER_TOKEN: 'true' }),
    ).toThrow(ConfigError);
  });

  it('accepts it with API keys, a JWT secret, forwarding only, or the explicit opt-out', () => {
    expect(
      loadConfig({ HOST: '0.0.0.0', GATEWAY_API_KEYS: `${KEY_A}, ${KEY_B}` }).GATEWAY_API_KEYS,
    ).toEqual([KEY_A, KEY_B]);
    expect(loadConfig({ HOST: '0.0.0.0', GATEWAY_JWT_SECRET: 'x'.repeat(32) }).HOST).toBe(
      '0.0.0.0',
    );
    expect(loadConfig({ HOST: '0.0.0.0', FORWARD_CALLER_TOKEN: 'true' }).FORWARD_CALLER_TOKEN).toBe(
      true,
    );
    expect(
      loadConfig({ HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED: 'true' }).ALLOW_UNAUTHENTICATED,
    ).toBe(true);
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
  });

  it('refuses weak keys and conflicting auth settings', () => {
    expect(() => loadConfig({ GATEWAY_API_KEYS: 'short' })).toThrow(/at least 16/);
    expect(() => loadConfig({ GATEWAY_JWT_SECRET: 'too-short' })).toThrow(/GATEWAY_JWT_SECRET/);
    expect(() =>
      loadConfig({ GATEWAY_JWT_SECRET: 'x'.repeat(32), FORWARD_CALLER_TOKEN: 'true' }),
    ).toThrow(/Authorization/);
  });
});

describe('inbound API keys', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startUnthrottledHarness({ env: { GATEWAY_API_KEYS: `${KEY_A},${KEY_B}` } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('without a key: 401 UNAUTHENTICATED, nothing parsed, no upstream call', async () => {
    const res = await post(h, QUERY);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('x-api-key');
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
    expect(h.upstream()).toEqual([]);
  });

  it('with a wrong key (even a prefix of a right one): 401', async () => {
    for (const key of ['nope', KEY_A.slice(0, -1), `${KEY_A}x`, KEY_A.toUpperCase()]) {
      expect((await post(h, QUERY, { 'x-api-key': key })).status).toBe(401);
    }
    expect(h.upstream()).toEqual([]);
  });

  it('with any configured key: served', async () => {
    for (const key of [KEY_A, KEY_B]) {
      const res = await post(h, QUERY, { 'x-api-key': key });
      expect(res.status).toBe(200);
      expect((await res.json()).data.threads.edges).toHaveLength(1);
    }
    expect(h.upstream()).toHaveLength(2);
  });

  it('the GraphiQL page itself needs no key (its queries do)', async () => {
    const page = await h.gateway.yoga.fetch('http://gateway.test/graphql', {
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    expect(h.upstream()).toEqual([]);
  });

  it('never logs a key', async () => {
    await post(h, QUERY, { 'x-api-key': KEY_A });
    await post(h, QUERY, { 'x-api-key': 'wrong-key-wrong-key' });
    expectNoLeaks(h.logs, [KEY_A, KEY_B, 'wrong-key-wrong-key']);
  });
});

describe('inbound JWTs', () => {
  const secret = 's'.repeat(40);
  const sign = (
    claims: Record<string, unknown>,
    key: Uint8Array = new TextEncoder().encode(secret),
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

  let h: Harness;
  beforeAll(async () => {
    h = await startUnthrottledHarness({
      env: {
        GATEWAY_JWT_SECRET: secret,
        GATEWAY_JWT_ISSUER: 'https://idp.test',
        GATEWAY_JWT_AUDIENCE: 'gateway',
      },
    });
  });
  afterAll(() => h.close());

  it('HS256 with the right secret, issuer and audience: served', async () => {
    const token = await sign({ iss: 'https://idp.test', aud: 'gateway', sub: 'u1' });
    const res = await post(h, QUERY, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
  });

  it('wrong secret, issuer, audience, expired or alg "none": 401', async () => {
    const base = { iss: 'https://idp.test', aud: 'gateway' };
    const expired = await new SignJWT(base)
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(secret));
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(base)).toString('base64url')}.`;
    const tokens = [
      await sign(base, new TextEncoder().encode('t'.repeat(40))),
      await sign({ ...base, iss: 'https://other.test' }),
      await sign({ ...base, aud: 'someone-else' }),
      expired,
      unsigned,
    ];
    for (const token of tokens) {
      const res = await post(h, QUERY, { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
      expect((await res.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('asymmetric keys from a JWKS file (GATEWAY_JWT_JWKS_FILE)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jwks-'));
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [jwk] }));
    const jwks = await startUnthrottledHarness({ env: { GATEWAY_JWT_JWKS_FILE: file } });
    try {
      const good = await new SignJWT({ sub: 'svc' })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setExpirationTime('5m')
        .sign(privateKey);
      expect((await post(jwks, QUERY, { authorization: `Bearer ${good}` })).status).toBe(200);
      const hmac = await new SignJWT({ sub: 'svc' })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode('x'.repeat(40)));
      expect((await post(jwks, QUERY, { authorization: `Bearer ${hmac}` })).status).toBe(401);
    } finally {
      await jwks.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('FORWARD_CALLER_TOKEN: per-token isolation', () => {
  const all = ['conversations.read', 'conversations.write', 'tickets'];
  let h: Harness;
  beforeAll(async () => {
    h = await startUnthrottledHarness({
      sim: { tokens: { 'tok-alice': { scopes: all }, 'tok-bob': { scopes: all } } },
      env: { FORWARD_CALLER_TOKEN: 'true' },
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  const as = (token: string, query = QUERY.query) =>
    h.gql(query, undefined, { authorization: `Bearer ${token}` });

  it("sends each caller's own token upstream, with separate transports and budgets", async () => {
    const [alice, bob] = await Promise.all([
      as(
        'tok-alice',
        '{ threads(first: 3) { edges { node { id messages(first: 1) { edges { node { id } } } } } } }',
      ),
      as('tok-bob'),
    ]);
    expect(alice.errors).toBeUndefined();
    expect(bob.errors).toBeUndefined();
    const byToken = (token: string) => h.upstream().filter((r) => r.token === token).length;
    expect(byToken('tok-alice')).toBe(4);
    expect(byToken('tok-bob')).toBe(1);
    expect(h.upstream()).toHaveLength(5);
    const a = h.gateway.transports.getOrCreate('tok-alice').transport;
    const b = h.gateway.transports.getOrCreate('tok-bob').transport;
    expect(a).not.toBe(b);
    expect(a.governor.inWindow).toBe(4);
    expect(b.governor.inWindow).toBe(1);
  });

  it('a token HubSpot refuses gets UNAUTHENTICATED and poisons nobody else', async () => {
    const mallory = await as('tok-mallory');
    expect(mallory.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(mallory.data).toBeNull();
    const alice = await as('tok-alice');
    expect(alice.errors).toBeUndefined();
    expect(alice.data.threads.edges).toHaveLength(1);
    expect(h.upstream().map((r) => [r.token, r.status])).toEqual([
      ['tok-mallory', 401],
      ['tok-alice', 200],
    ]);
    expectNoLeaks([mallory, h.logs], ['tok-mallory', 'tok-alice']);
  });

  it('no Authorization header: 401 UNAUTHENTICATED, no upstream call', async () => {
    const res = await post(h, QUERY);
    expect(res.status).toBe(401);
    expect((await res.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(h.upstream()).toEqual([]);
  });
});
