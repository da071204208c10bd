import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createGateway } from '../../src/server/gateway.ts';
import { createHttpServer, type HttpServer } from '../../src/server/http.ts';
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

describe('GraphiQL served by the gateway', () => {
  it('opens offline with the example query, runs it, and renders the result', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    // Anything not on loopback is recorded and refused: GraphiQL must work with no internet.
    await page.route('**/*', (route) => {
      const target = new URL(route.request().url());
      requested.push(target.href);
      if (target.hostname === '127.0.0.1' || target.protocol === 'data:') return route.continue();
      return route.abort();
    });
    sim.resetRequests();

    await page.goto(url, { waitUntil: 'load' });
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ state: 'visible', timeout: 30_000 });
    // The editor renders non-breaking spaces; normalise before reading the example query.
    const editor = (await page.locator('.graphiql-query-editor').innerText()).replace(/\s+/g, ' ');
    expect(editor).toContain('query InboxPage');
    const answered = page.waitForResponse(
      (r) => r.url() === url && r.request().method() === 'POST',
    );
    await run.click();
    const body = (await (await answered).json()) as {
      data?: { threads: { edges: unknown[]; pageInfo: { hasNextPage: boolean } } };
      errors?: unknown;
    };
    expect(body.errors).toBeUndefined();
    expect(body.data?.threads.edges).toHaveLength(10);

    // The result pane (an editor that renders only visible lines) shows the answer.
    const response = page.locator('.graphiql-response');
    await expect
      .poll(async () => (await response.innerText().catch(() => '')).includes('"threads"'), {
        timeout: 30_000,
      })
      .toBe(true);
    expect(await response.innerText()).not.toContain('"errors"');
    await page.screenshot({ path: join(tmpdir(), 'graphiql.png') });

    const offLoopback = requested.filter((href) => {
      const { hostname, protocol } = new URL(href);
      return hostname !== '127.0.0.1' && protocol !== 'data:';
    });
    expect(offLoopback).toEqual([]);
    // The example query: one thread list plus one messages call per listed thread, nothing else.
    const operations = sim.requests.map((r) => r.operation);
    expect(operations.filter((op) => op === 'listThreads')).toHaveLength(1);
    expect(operations.filter((op) => op === 'listMessages')).toHaveLength(10);
    expect(operations).toHaveLength(11);
  });
});
