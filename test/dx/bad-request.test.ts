import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness.ts';
import { startServerHarness } from '../server/support.ts';

describe('BAD_REQUEST', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServerHarness();
  });
  afterAll(() => h.close());

  it('a body that is not JSON: 400, one message, no parser text or echoed body', async () => {
    h.reset();
    const response = await h.gateway.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{"query":"{ secret-body',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toContain('secret-body');
    expect(JSON.parse(text)).toEqual({
      errors: [
        {
          message: 'POST body sent invalid JSON.',
          extensions: { code: 'BAD_REQUEST', requestId: response.headers.get('x-request-id') },
        },
      ],
    });
    expect(h.upstream()).toEqual([]);
  });
});
