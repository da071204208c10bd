/**
 * Before anything is measured: the scenarios as the running schema wants them (S4's entry
 * point), and a check that every implementation answers each one without errors and with ours' data.
 */
import { post } from './load.ts';
import { log } from './log.ts';
import type { Target } from './processes.ts';
import {
  buildScenarios,
  type Fixtures,
  findTicketEntry,
  requestBody,
  type Scenario,
  type ScenarioId,
  type TicketEntry,
} from './scenarios.ts';

/** S4's entry point, read from the running schema (Query.ticket may give way to _entities). */
export async function selectScenarios(
  ours: Target,
  fixtures: Fixtures,
  scenarioIds: ScenarioId[],
): Promise<{ ticketEntry: TicketEntry; scenarios: Scenario[] }> {
  const probe = await post(
    ours.url,
    JSON.stringify({
      query:
        '{ __type(name: "Query") { fields { name args { name } type { name ofType { name ofType { name } } } } } }',
    }),
  );
  const queryType = probe.json.data?.__type as { fields?: Parameters<typeof findTicketEntry>[0] };
  const ticketEntry: TicketEntry = findTicketEntry(queryType?.fields ?? []);
  const scenarios = buildScenarios(fixtures, ticketEntry).filter((s) => scenarioIds.includes(s.id));
  return { ticketEntry, scenarios };
}

/**
 * Every implementation answers every scenario without errors (else it throws), and the same data
 * as ours: `{ "<impl> <scenario>": "same data as ours" | the first difference }`.
 */
export async function checkSameAnswers(
  targets: Target[],
  scenarios: Scenario[],
): Promise<Record<string, string>> {
  const ours = targets[0]!;
  const checks: Record<string, string> = {};
  for (const scenario of scenarios) {
    const body = requestBody(scenario);
    const reference = await post(ours.url, body);
    for (const target of targets) {
      const { status, json } = target === ours ? reference : await post(target.url, body);
      if (status !== 200 || json.errors) {
        throw new Error(
          `${target.impl} ${scenario.id}: HTTP ${status} ${JSON.stringify(json.errors ?? json).slice(0, 500)}`,
        );
      }
      if (target !== ours) {
        const diff = firstDifference(normalise(reference.json.data), normalise(json.data));
        checks[`${target.impl} ${scenario.id}`] = diff ?? 'same data as ours';
        if (diff) log(`  note: ${target.impl} ${scenario.id} differs from ours at ${diff}`);
      }
    }
  }
  return checks;
}

/** Drops what legitimately differs between implementations (opaque cursors, extensions). */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'cursor' || key === 'startCursor' || key === 'endCursor') continue;
    out[key] = normalise(item);
  }
  return out;
}

function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b)) {
    return `${path}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`;
  }
  if (a === null || b === null || typeof a !== 'object') {
    return a === b ? null : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  }
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const key of keys) {
    const d = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (d) return d;
  }
  return null;
}
