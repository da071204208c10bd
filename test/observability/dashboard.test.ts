import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness.ts';
import { startServerHarness } from '../server/support.ts';
import { scrape } from './support.ts';

interface Dashboard {
  panels: { title: string; targets: { expr: string }[] }[];
}

/** PromQL words that are not metric names (aggregations may precede `by (…)`, not `(`). */
const PROMQL_WORDS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'count',
  'group',
  'stddev',
  'stdvar',
  'bool',
]);

/** The metric names a PromQL expression reads. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // range selectors
    .replace(/\b(?:by|without|on|ignoring)\s*\([^)]*\)/g, ''); // grouping labels
  const names: string[] = [];
  for (const [, name, call] of bare.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?/g)) {
    if (call || PROMQL_WORDS.has(name!)) continue;
    if (!names.includes(name!)) names.push(name!);
  }
  return names;
}

describe('docs/grafana-dashboard.json', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServerHarness({ env: { REQUEST_LOG: 'false' } });
  });
  afterAll(() => h.close());

  it('queries only metrics that /metrics exposes, on a fresh gateway', async () => {
    const dashboard = JSON.parse(
      readFileSync(new URL('../../docs/grafana-dashboard.json', import.meta.url), 'utf8'),
    ) as Dashboard;
    const m = await scrape(h.gateway);
    const exposed = new Set<string>();
    for (const [family, type] of m.types) {
      exposed.add(family);
      if (type === 'histogram') {
        for (const suffix of ['_bucket', '_sum', '_count']) exposed.add(family + suffix);
      }
    }
    const queried = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => metricNames(t.expr)));
    expect(queried.length).toBeGreaterThan(10);
    for (const name of queried) expect(exposed, `${name} is not on /metrics`).toContain(name);
    // The panels the issue asks for.
    const titles = dashboard.panels.map((p) => p.title).join(' | ');
    for (const needle of [
      'budget',
      'error rate',
      'p95 upstream latency',
      'Cache hit ratio',
      'subscriptions',
    ]) {
      expect(titles).toContain(needle);
    }
    expect(h.upstream()).toEqual([]);
  });

  it('reads metric names out of PromQL correctly', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le, operation) (rate(hubspot_request_duration_seconds_bucket{a="b"}[5m])))',
      ),
    ).toEqual(['hubspot_request_duration_seconds_bucket']);
    expect(metricNames('sum by (kind) (rate(x_total{result="hit"}[5m])) / sum(y_total)')).toEqual([
      'x_total',
      'y_total',
    ]);
  });
});
