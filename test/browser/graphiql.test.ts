import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createGateway, type Gateway } from '../../src/server/gateway.ts';
import { createHttpServer, type HttpServer } from '../../src/server/http.ts';
import { EXAMPLE_THREAD_ID, GRAPHIQL_EXAMPLE_TABS } from '../../src/server/graphiql-example.ts';
import { createLogger } from '../../src/server/logger.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';

/** Debian's chromium; `.ci/run` installs it. Never a downloaded browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let sim: Simulator;
let gateway: Gateway;
let http: HttpServer;
let url: string;
let browser: BrowserContext;
let profile: string;

beforeAll(async () => {
  sim = await startSimulator();
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const logger = createLogger({ level: 'silent' });
  // The production plugin set (CSRF, CORS, limits, cost control): GraphiQL must work behind it.
  gateway = createGateway(config, {
    logger,
    accessToken: sim.token,
    baseUrl: sim.url,
  });
  http = createHttpServer(gateway, logger);
  const { port } = await http.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${port}/graphql`;
  profile = mkdtempSync(join(tmpdir(), 'graphiql-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await http?.shutdown(1000);
  await sim?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/**
 * Anything not on loopback is recorded and refused: GraphiQL must work with no internet.
 * The page's requests off loopback are listed at the end (expected: none).
 */
async function offlineOnly(page: Page): Promise<{ requestedOffLoopback(): string[] }> {
  const offLoopback: string[] = [];
  await page.route('**/*', (route) => {
    const target = new URL(route.request().url());
    if (target.hostname === '127.0.0.1' || target.protocol === 'data:') return route.continue();
    offLoopback.push(target.href);
    return route.abort();
  });
  return { requestedOffLoopback: () => offLoopback };
}

/** What a tab's run answered, as GraphiQL received it. */
interface RunResult {
  errors?: unknown;
  data?: Record<string, unknown> | null;
  extensions?: { cost?: { actual: number } };
}

describe('GraphiQL served by the gateway', () => {
  it('opens offline with every example tab, runs each one, and renders its result', async () => {
    const page = await browser.newPage();
    const offline = await offlineOnly(page);

    await page.goto(url, { waitUntil: 'load' });
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ state: 'visible', timeout: 30_000 });
    const tabs = page.locator('.graphiql-tab-button');
    await expect.poll(() => tabs.count(), { timeout: 30_000 }).toBe(GRAPHIQL_EXAMPLE_TABS.length);
    // The History plugin is back next to the Explorer (yoga's GraphiQL leaves it out).
    await expect.poll(() => page.locator('[aria-label="Show History"]').count()).toBe(1);
    await expect.poll(() => page.locator('[aria-label="Show GraphiQL Explorer"]').count()).toBe(1);

    for (const [index, tab] of GRAPHIQL_EXAMPLE_TABS.entries()) {
      // A subscription never finishes: the next test runs it and makes an event for it.
      if (tab.streams) continue;
      // A plain click starts the tab bar's drag-to-reorder gesture instead of selecting the tab.
      await tabs.nth(index).dispatchEvent('click');
      // The editor renders non-breaking spaces; normalise before reading the query.
      await expect
        .poll(async () =>
          (await page.locator('.graphiql-query-editor').innerText()).replace(/\s+/g, ' '),
        )
        .toContain(` ${tab.name}`);
      sim.resetRequests();
      const answered = page.waitForResponse(
        (r) => r.url() === url && r.request().method() === 'POST',
      );
      // GraphiQL re-renders after a tab switch; a click in that moment can be lost. Click once
      // the selected tab and an idle run button are on screen (never twice: a tab may write).
      await expect
        .poll(() => page.locator('.graphiql-tab-active').first().innerText())
        .toBe(tab.name);
      await expect.poll(() => run.getAttribute('aria-label')).toMatch(/^Execute/);
      await page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );
      await run.click();
      const response = await answered;
      const body = (await response.json()) as RunResult;
      expect(body.errors, tab.name).toBeUndefined();
      const fields = Object.values(body.data ?? {});
      expect(fields.length, tab.name).toBeGreaterThan(0);
      for (const value of fields) expect(value, tab.name).not.toBeNull();
      // What the response says it cost is what the portal saw.
      expect(body.extensions?.cost?.actual, tab.name).toBe(sim.requests.length);
      if (index === 0) {
        const operations = sim.requests.map((r) => r.operation);
        expect(operations.filter((op) => op === 'listThreads')).toHaveLength(1);
        expect(operations.filter((op) => op === 'listMessages')).toHaveLength(10);
        expect(operations).toHaveLength(11);
      }
      // The result pane (an editor that renders only visible lines) shows the answer, and the
      // corner shows the response time and upstream cost.
      const pane = page.locator('.graphiql-response');
      const firstField = Object.keys(body.data ?? {})[0] as string;
      await expect
        .poll(async () => (await pane.innerText().catch(() => '')).includes(`"${firstField}"`), {
          timeout: 30_000,
        })
        .toBe(true);
      await expect
        .poll(() => page.locator('#response-time').innerText())
        .toMatch(new RegExp(`^response: \\d+ ms · HubSpot calls: ${sim.requests.length}$`));
    }
    await page.screenshot({ path: join(tmpdir(), 'graphiql.png') });

    expect(offline.requestedOffLoopback()).toEqual([]);
  });

  // A page load, a stream and a write on a shared 2-core machine: 120 s, not the default 60 s.
  it('runs the subscription tab: a reply sent meanwhile shows up as its event', async () => {
    const page = await browser.newPage();
    const offline = await offlineOnly(page);
    await page.goto(url, { waitUntil: 'load' });
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ state: 'visible', timeout: 30_000 });
    const tabs = page.locator('.graphiql-tab-button');
    await expect.poll(() => tabs.count(), { timeout: 30_000 }).toBe(GRAPHIQL_EXAMPLE_TABS.length);
    const index = GRAPHIQL_EXAMPLE_TABS.findIndex((tab) => tab.streams);
    const tab = GRAPHIQL_EXAMPLE_TABS[index]!;
    await tabs.nth(index).dispatchEvent('click');
    await expect
      .poll(async () =>
        (await page.locator('.graphiql-query-editor').innerText()).replace(/\s+/g, ' '),
      )
      .toContain(`subscription ${tab.name}`);

    sim.resetRequests();
    // GraphiQL subscribes with a GET (GraphQL over SSE, "distinct connections" mode).
    const subscribed = page.waitForResponse(
      (r) => r.url().startsWith(`${url}?`) && r.request().method() === 'GET',
    );
    await run.click();
    const response = await subscribed;
    expect(response.headers()['content-type']).toMatch(/^text\/event-stream/);
    await expect.poll(() => gateway.live.active, { timeout: 30_000 }).toBe(1);
    await expect
      .poll(() => page.locator('#response-time').innerText())
      .toMatch(/^subscribed in \d+ ms$/);
    // Subscribing reads nothing upstream.
    expect(sim.requests).toEqual([]);

    // A reply, sent from the page as a frontend would (same origin, through the CSRF checks).
    const text = `Sent while subscribed ${randomUUID()}`;
    const sent = (await page.evaluate(
      async ({ endpoint, threadId, text }) => {
        const answer = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({
            query: `mutation Reply($threadId: ID!, $text: String!) {
              sendThreadMessage(input: { threadId: $threadId, text: $text, senderActorId: "A-2620022" }) {
                message { id }
                userErrors { code }
              }
            }`,
            variables: { threadId, text },
          }),
        });
        return answer.json();
      },
      { endpoint: url, threadId: EXAMPLE_THREAD_ID, text },
    )) as RunResult;
    expect(sent.errors).toBeUndefined();
    const reply = sent.data?.sendThreadMessage as { message: { id: string }; userErrors: [] };
    expect(reply.userErrors).toEqual([]);

    // The result pane shows the event: the reply's text, its thread and its kind.
    const pane = page.locator('.graphiql-response');
    const shown = async () => (await pane.innerText().catch(() => '')).replace(/\s+/g, ' ');
    await expect.poll(shown, { timeout: 30_000 }).toContain(text);
    const event = await shown();
    expect(event).toContain('"type": "NEW_MESSAGE"');
    expect(event).toContain(`"threadId": "${EXAMPLE_THREAD_ID}"`);
    // Upstream: the reply (its defaults read in parallel, then the POST), then the event's
    // thread and new message, each read once.
    const post = sim.requests.findIndex((r) => r.operation === 'createMessage');
    expect(post).toBeGreaterThan(-1);
    expect(sim.requests.slice(0, post).map((r) => r.operation)).toEqual(
      expect.arrayContaining(['getThread', 'listMessages']),
    );
    expect(post).toBe(2);
    const created = sim.requests[post]!;
    expect(created.method).toBe('POST');
    expect(created.path).toMatch(new RegExp(`/threads/${EXAMPLE_THREAD_ID}/messages$`));
    expect(created.body).toMatchObject({ text, senderActorId: 'A-2620022' });
    const eventReads = sim.requests.slice(post + 1);
    expect(eventReads.map((r) => [r.method, r.operation]).sort()).toEqual([
      ['GET', 'getMessage'],
      ['GET', 'getThread'],
    ]);
    expect(eventReads.find((r) => r.operation === 'getMessage')?.path).toMatch(
      new RegExp(`/threads/${EXAMPLE_THREAD_ID}/messages/${reply.message.id}$`),
    );
    expect(eventReads.find((r) => r.operation === 'getThread')?.path).toMatch(
      new RegExp(`/threads/${EXAMPLE_THREAD_ID}$`),
    );

    await page.screenshot({ path: join(tmpdir(), 'graphiql-subscription.png') });

    // ▶ is a stop button while the stream runs: stopping frees the subscription on the server.
    await run.click();
    await expect.poll(() => gateway.live.active, { timeout: 30_000 }).toBe(0);

    expect(offline.requestedOffLoopback()).toEqual([]);
  }, 120_000);

  it('shows the client-facing schema in the Explorer: no federation internals', async () => {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    // The Explorer shows the active tab's operation: pick the first (a query), not the last
    // one the previous test ran (the subscription tab).
    const first = page.locator('.graphiql-tab-button').first();
    await expect.poll(() => first.count(), { timeout: 30_000 }).toBe(1);
    await first.dispatchEvent('click');
    await page.locator('[aria-label="Show GraphiQL Explorer"]').click();
    const explorer = page.locator('.graphiql-explorer-root, .doc-explorer-contents').first();
    await expect
      .poll(async () => explorer.innerText().catch(() => ''), { timeout: 30_000 })
      .toContain('threads');
    const text = await explorer.innerText();
    expect(text).not.toContain('_entities');
    expect(text).not.toContain('_service');
  });
});
