import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SimActor, type Simulator, startSimulator } from '../../src/simulator/index.ts';
import {
  call,
  expectError,
  NO_RATE_LIMIT,
  PREFIXES,
  TICKETS_2026_09,
  TICKETS_V3,
  V3,
  walk,
} from './helpers.ts';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ rateLimit: NO_RATE_LIMIT });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.resetRequests();
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const knownActorIds = () => [...sim.data.actors.keys()];
const ofType = (type: SimActor['type']) =>
  [...sim.data.actors.values()].find((a) => a.type === type)!;

describe('POST /actors/batch/read', () => {
  it('answers 200 COMPLETE when every actor is known, in an arbitrary order', async () => {
    const inputs = knownActorIds().slice(0, 30);
    const res = await call(sim, `${V3}/actors/batch/read`, { body: { inputs } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(['completedAt', 'results', 'startedAt', 'status']);
    expect(res.json.status).toBe('COMPLETE');
    expect(res.json.startedAt).toMatch(ISO);
    expect(res.json.completedAt).toMatch(ISO);
    const returned = res.json.results.map((a: SimActor) => a.id);
    expect([...returned].sort()).toEqual([...inputs].sort());
    expect(returned).not.toEqual(inputs);
    for (const actor of res.json.results) expect(actor).toEqual(sim.data.actors.get(actor.id));
    expect(sim.requests[0]).toMatchObject({
      method: 'POST',
      operation: 'batchReadActors',
      body: { inputs },
      status: 200,
    });
  });

  it('answers 207 with numErrors and OBJECT_NOT_FOUND ids when some are unknown', async () => {
    const unknown = sim.data.unknownActorIds;
    const inputs = ['S-hubspot', ...unknown, ofType('AGENT').id];
    const res = await call(sim, `${PREFIXES['2026-09-beta']}/actors/batch/read`, {
      body: { inputs },
    });
    expect(res.status).toBe(207);
    expect(res.json).toMatchObject({ status: 'COMPLETE', numErrors: 1 });
    expect(res.json.results.map((a: SimActor) => a.id).sort()).toEqual(
      ['S-hubspot', ofType('AGENT').id].sort(),
    );
    expect(res.json.errors).toEqual([
      {
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        message: expect.any(String),
        context: { ids: unknown },
      },
    ]);
  });

  it('serves every actor type with its fields', async () => {
    const types = ['AGENT', 'BOT', 'INTEGRATOR', 'SYSTEM', 'VISITOR', 'EMAIL', 'LLM'] as const;
    const res = await call(sim, `${V3}/actors/batch/read`, {
      body: { inputs: types.map((t) => ofType(t).id) },
    });
    const byType = new Map(res.json.results.map((a: SimActor) => [a.type, a]));
    expect([...byType.keys()].sort()).toEqual([...types].sort());
    expect(byType.get('AGENT')).toMatchObject({
      id: expect.stringMatching(/^A-\d+$/),
      name: expect.any(String),
      email: expect.any(String),
      avatar: expect.any(String),
    });
    expect(byType.get('BOT')).toMatchObject({
      id: expect.stringMatching(/^B-/),
      name: expect.any(String),
    });
    expect(byType.get('INTEGRATOR')).toMatchObject({
      id: expect.stringMatching(/^I-\d+$/),
      name: expect.any(String),
    });
    expect(byType.get('SYSTEM')).toEqual({ id: 'S-hubspot', type: 'SYSTEM' });
    expect(byType.get('VISITOR')).toMatchObject({ id: expect.stringMatching(/^V-\d+$/) });
    expect(byType.get('EMAIL')).toMatchObject({
      id: expect.stringMatching(/^E-.+@/),
      email: expect.any(String),
    });
    expect(byType.get('LLM')).toMatchObject({
      id: expect.stringMatching(/^L-/),
      name: expect.any(String),
    });
  });

  it('rejects more than 100 inputs and malformed bodies with 400', async () => {
    const ids = knownActorIds();
    const hundred = Array.from({ length: 100 }, (_, i) => ids[i % ids.length]!);
    expect((await call(sim, `${V3}/actors/batch/read`, { body: { inputs: hundred } })).status).toBe(
      200,
    );
    expectError(
      await call(sim, `${V3}/actors/batch/read`, { body: { inputs: [...hundred, 'S-hubspot'] } }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(
      await call(sim, `${V3}/actors/batch/read`, { body: { ids: [] } }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(
      await call(sim, `${V3}/actors/batch/read`, { body: { inputs: [1, 2] } }),
      400,
      'VALIDATION_ERROR',
    );
    const res = await fetch(`${sim.url}${V3}/actors/batch/read`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
      body: '{"inputs":[',
    });
    expect(res.status).toBe(400);
    expect(sim.requests.at(-1)!.body).toBeUndefined();
  });
});

describe('GET /actors/{actorId}', () => {
  it('returns a known actor, including percent-encoded email actor ids', async () => {
    const agent = ofType('AGENT');
    expect((await call(sim, `${V3}/actors/${agent.id}`)).json).toEqual(agent);
    const email = ofType('EMAIL');
    const res = await call(sim, `${V3}/actors/${encodeURIComponent(email.id)}`);
    expect(res.json).toEqual(email);
    expect(sim.requests.map((r) => r.operation)).toEqual(['getActor', 'getActor']);
  });

  it('404s an unknown actor', async () => {
    expectError(
      await call(sim, `${V3}/actors/${sim.data.unknownActorIds[0]}`),
      404,
      'OBJECT_NOT_FOUND',
    );
  });
});

describe('inboxes', () => {
  const live = () => sim.data.inboxes.filter((i) => !i.archived);

  it('lists inboxes with total, ascending by id', async () => {
    const res = await call(sim, `${V3}/inboxes`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ total: live().length, results: live() });
    expect(new Set(res.json.results.map((i: { type: string }) => i.type))).toEqual(
      new Set(['INBOX', 'HELP_DESK']),
    );
    for (const inbox of res.json.results) {
      expect(Object.keys(inbox).sort()).toEqual([
        'archived',
        'createdAt',
        'id',
        'name',
        'type',
        'updatedAt',
      ]);
    }
  });

  it('pages with a small limit, keeping total on every page', async () => {
    const pages = await walk(sim, `${V3}/inboxes?limit=3`);
    expect(pages).toHaveLength(2);
    expect(pages.every((p) => p.total === live().length)).toBe(true);
    expect(pages.flatMap((p) => p.results)).toEqual(live());
    expect(pages[1]).not.toHaveProperty('paging');
  });

  it('archived=true lists archived inboxes; sort by name works; a bad sort is a 400', async () => {
    const archived = await call(sim, `${V3}/inboxes?archived=true`);
    expect(archived.json.results).toEqual(sim.data.inboxes.filter((i) => i.archived));
    expect(archived.json.results[0].archivedAt).toMatch(ISO);
    const byName = await call(sim, `${V3}/inboxes?sort=name`);
    const names = byName.json.results.map((i: { name: string }) => i.name);
    expect(names).toEqual([...names].sort());
    expectError(await call(sim, `${V3}/inboxes?sort=colour`), 400, 'VALIDATION_ERROR');
  });

  it('gets one inbox; 404 for unknown or archived-without-flag, 400 for non-numeric', async () => {
    const inbox = live()[1]!;
    expect((await call(sim, `${V3}/inboxes/${inbox.id}`)).json).toEqual(inbox);
    expectError(await call(sim, `${V3}/inboxes/1`), 404, 'OBJECT_NOT_FOUND');
    expectError(await call(sim, `${V3}/inboxes/abc`), 400, 'VALIDATION_ERROR');
    const archived = sim.data.inboxes.find((i) => i.archived)!;
    expectError(await call(sim, `${V3}/inboxes/${archived.id}`), 404, 'OBJECT_NOT_FOUND');
    expect((await call(sim, `${V3}/inboxes/${archived.id}?archived=true`)).json).toEqual(archived);
  });
});

describe('POST /crm/…/tickets/batch/read', () => {
  const ticketIds = () => sim.data.tickets.map((t) => t.id);

  it('returns requested properties plus the defaults, as strings, on both paths', async () => {
    const inputs = ticketIds()
      .slice(0, 12)
      .map((id) => ({ id }));
    const body = {
      inputs,
      properties: ['subject', 'hs_pipeline_stage', 'no_such_prop'],
      propertiesWithHistory: [],
    };
    const v3 = await call(sim, TICKETS_V3, { body });
    const ga = await call(sim, `${TICKETS_2026_09}?archived=false`, { body });
    expect(v3.status).toBe(200);
    expect(ga.json.results).toEqual(v3.json.results);
    expect(Object.keys(v3.json).sort()).toEqual(['completedAt', 'results', 'startedAt', 'status']);
    const returned = v3.json.results.map((r: { id: string }) => r.id);
    expect([...returned].sort()).toEqual(inputs.map((i) => i.id).sort());
    expect(returned).not.toEqual(inputs.map((i) => i.id));
    for (const result of v3.json.results) {
      const ticket = sim.data.ticketById.get(result.id)!;
      expect(Object.keys(result).sort()).toEqual([
        'archived',
        'createdAt',
        'id',
        'properties',
        'updatedAt',
      ]);
      expect(result.archived).toBe(false);
      expect(result.properties).toEqual({
        createdate: ticket.properties.createdate,
        hs_lastmodifieddate: ticket.properties.hs_lastmodifieddate,
        hs_object_id: ticket.id,
        hs_pipeline_stage: ticket.properties.hs_pipeline_stage,
        subject: ticket.properties.subject,
      });
    }
    expect(sim.requests.map((r) => [r.operation, r.version])).toEqual([
      ['batchReadTickets', 'crm-v3'],
      ['batchReadTickets', 'crm-2026-09'],
    ]);
    expect(sim.requests[1]!.query).toEqual({ archived: ['false'] });
  });

  it('returns the default ticket properties when none are requested', async () => {
    const id = ticketIds()[0]!;
    const res = await call(sim, TICKETS_V3, {
      body: { inputs: [{ id }], properties: [], propertiesWithHistory: [] },
    });
    expect(Object.keys(res.json.results[0].properties).sort()).toEqual([
      'content',
      'createdate',
      'hs_lastmodifieddate',
      'hs_object_id',
      'hs_pipeline',
      'hs_pipeline_stage',
      'hs_ticket_category',
      'hs_ticket_priority',
      'subject',
    ]);
    for (const value of Object.values(res.json.results[0].properties)) {
      expect(value === null || typeof value === 'string').toBe(true);
    }
  });

  it('answers 207 with the missing ids', async () => {
    const id = ticketIds()[0]!;
    const res = await call(sim, TICKETS_V3, {
      body: {
        inputs: [{ id }, { id: '1' }, { id: '2' }],
        properties: ['subject'],
        propertiesWithHistory: [],
      },
    });
    expect(res.status).toBe(207);
    expect(res.json).toMatchObject({ status: 'COMPLETE', numErrors: 1 });
    expect(res.json.results.map((r: { id: string }) => r.id)).toEqual([id]);
    expect(res.json.errors).toEqual([
      {
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        message: expect.stringContaining('TICKET'),
        context: { ids: ['1', '2'] },
      },
    ]);
    const archived = await call(sim, `${TICKETS_V3}?archived=true`, {
      body: { inputs: [{ id }], properties: [], propertiesWithHistory: [] },
    });
    expect(archived.status).toBe(207);
    expect(archived.json.results).toEqual([]);
  });

  it('rejects more than 100 inputs, and more than 50 with propertiesWithHistory', async () => {
    const ids = ticketIds();
    const inputs = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: ids[i % ids.length]! }));
    const ok = await call(sim, TICKETS_V3, {
      body: { inputs: inputs(100), properties: [], propertiesWithHistory: [] },
    });
    expect(ok.status).toBe(200);
    const tooMany = await call(sim, TICKETS_V3, {
      body: { inputs: inputs(101), properties: [], propertiesWithHistory: [] },
    });
    expectError(tooMany, 400, 'VALIDATION_ERROR');
    expectError(
      await call(sim, TICKETS_V3, {
        body: { inputs: inputs(51), properties: [], propertiesWithHistory: ['subject'] },
      }),
      400,
      'VALIDATION_ERROR',
      'The maximum number of inputs supported in a batch request for property histories is 50',
    );
    const history = await call(sim, TICKETS_V3, {
      body: { inputs: inputs(2), properties: ['subject'], propertiesWithHistory: ['subject'] },
    });
    expect(history.json.results[0].propertiesWithHistory.subject[0]).toMatchObject({
      value: expect.any(String),
    });
    expectError(await call(sim, TICKETS_V3, { body: { inputs: ['1'] } }), 400, 'VALIDATION_ERROR');
  });
});
