import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createGateway } from '../../src/server/gateway.ts';
import { createHttpServer, type HttpServer } from '../../src/server/http.ts';
import { GRAPHIQL_EXAMPLE_TABS } from '../../src/server/graphiql-example.ts';
import { createLogger } from '../../src/server/logger.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';

/** Debian's chromium; `.ci/run` installs it. Never a downloaded browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let sim: Simulator;
let http: HttpServer;
let url: string;
let browser: BrowserContext;
let profile: string;

beforeAll(async () => {
  sim = await startSimulator();
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const logger = createLogger({ level: 'silent' });
  // The production plugin set (CSRF, CORS, limits, cost control): GraphiQL must work behind it.
  const gateway = createGateway(config, {
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

/** What a tab's run answered, as GraphiQL received it. */
interface RunResult {
  errors?: unknown;
  data?: Record<string, unknown> | null;
  extensions?: { cost?: { actual: number } };
}

describe('GraphiQL served by the gateway', () => {
  it('opens offline with every example tab, runs each one, and renders its result', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    // Anything not on loopback is recorded and refused: GraphiQL must work with no internet.
    await page.route('**/*', (route) => {
      const target = new URL(route.request().url());
      requested.push(target.href);
      if (target.hostname === '127.0.0.1' || target.protocol === 'data:') return route.continue();
      return route.abort();
    });

    await page.goto(url, { waitUntil: 'load' });
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ state: 'visible', timeout: 30_000 });
    const tabs = page.locator('.graphiql-tab-button');
    await expect.poll(() => tabs.count(), { timeout: 30_000 }).toBe(GRAPHIQL_EXAMPLE_TABS.length);
    // The History plugin is back next to the Explorer (yoga's GraphiQL leaves it out).
    await expect.poll(() => page.locator('[aria-label="Show History"]').count()).toBe(1);
    await expect.poll(() => page.locator('[aria-label="Show GraphiQL Explorer"]').count()).toBe(1);

    for (const [index, tab] of GRAPHIQL_EXAMPLE_TABS.entries()) {
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

    const offLoopback = requested.filter((href) => {
      const { hostname, protocol } = new URL(href);
      return hostname !== '127.0.0.1' && protocol !== 'data:';
    });
    expect(offLoopback).toEqual([]);
  });

  it('shows the client-facing schema in the Explorer: no federation internals', async () => {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
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
