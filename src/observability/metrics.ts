import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TransportObserver } from '../hubspot/transport.ts';
import {
  BoundedOperationNames,
  errorCodeLabel,
  ERROR_CODE_LABELS,
  operationTypeLabel,
  policyLabel,
  upstreamOperationLabel,
  upstreamStatusLabel,
} from './labels.ts';
import {
  CACHE_KINDS,
  CACHE_RESULTS,
  cacheKindLabel,
  type CacheKind,
  type CacheResult,
  WEBHOOK_RESULTS,
  WEBHOOK_TYPES,
  type WebhookResult,
  webhookTypeLabel,
} from './recorders.ts';

/** Prometheus text exposition format 0.0.4 (the runtime contract's). */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The stable OTel HTTP client duration buckets (semconv `http.client.request.duration`). */
const HTTP_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
const GOVERNOR_WAIT_BUCKETS = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const GRAPHQL_DURATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const UPSTREAM_CALL_BUCKETS = [0, 1, 2, 3, 5, 10, 20, 50, 100];

export interface GatewayMetricsOptions {
  /** HUBSPOT_MAX_REQUESTS_PER_10S: the budget gauge's value before the first call. */
  budget: number;
  /** METRICS_MAX_OPERATION_NAMES. */
  maxOperationNames: number;
}

/** One finished GraphQL request, as the request plugin saw it. */
export interface GraphQLRequestRecord {
  operationType: string | undefined;
  operationName: string | null | undefined;
  durationMs: number;
  upstreamCalls: number;
  errorCodes: readonly unknown[];
}

/**
 * One gateway's metrics, in a registry of its own (tests and the bench build many gateways in
 * one process); Node's default process metrics live in one process-wide registry (they describe
 * the process, and prom-client's collectors must be started once) and are appended at scrape.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operationNames: BoundedOperationNames;

  private readonly upstreamRequests = new Counter({
    name: 'hubspot_requests_total',
    help: 'HubSpot HTTP attempts (retries included), by client operation and HTTP status ("timeout"/"network" when no answer came).',
    labelNames: ['operation', 'status'] as const,
    registers: [this.registry],
  });
  private readonly upstreamDuration = new Histogram({
    name: 'hubspot_request_duration_seconds',
    help: 'Duration of one HubSpot HTTP attempt, from send to settle (governor wait excluded).',
    labelNames: ['operation'] as const,
    buckets: HTTP_DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly upstreamInFlight = new Gauge({
    name: 'hubspot_requests_in_flight',
    help: 'HubSpot HTTP attempts sent and not yet settled.',
    registers: [this.registry],
  });
  private readonly budgetRemaining = new Gauge({
    name: 'hubspot_rate_budget_remaining',
    help: "Calls left in the rolling 10 s budget, as this replica's governor sees it after its latest call (0 while paused after a 429).",
    registers: [this.registry],
  });
  private readonly headerRemaining = new Gauge({
    name: 'hubspot_ratelimit_header_remaining',
    help: "HubSpot's own X-HubSpot-RateLimit-Remaining (window=10s) and X-HubSpot-RateLimit-Daily-Remaining (window=daily) of the latest answer that carried them.",
    labelNames: ['window'] as const,
    registers: [this.registry],
  });
  private readonly governorWait = new Histogram({
    name: 'hubspot_governor_wait_seconds',
    help: 'Time an attempt waited for a rate-budget slot; outcome acquired, refused (RATE_LIMITED: no slot before the deadline) or aborted.',
    labelNames: ['outcome'] as const,
    buckets: GOVERNOR_WAIT_BUCKETS,
    registers: [this.registry],
  });
  private readonly retries = new Counter({
    name: 'hubspot_retries_total',
    help: 'HubSpot attempts retried, by client operation and the failed attempt\'s reason (HTTP status, "timeout", "network", "malformed").',
    labelNames: ['operation', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: 'hubspot_rate_limited_total',
    help: "HubSpot 429 answers, by client operation and HubSpot's policyName (TEN_SECONDLY_ROLLING, SECONDLY, DAILY, unknown).",
    labelNames: ['operation', 'policy'] as const,
    registers: [this.registry],
  });

  private readonly graphqlRequests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL requests, by operation type and (bounded) operation name.',
    labelNames: ['operation_type', 'operation_name'] as const,
    registers: [this.registry],
  });
  private readonly graphqlDuration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'Duration of a GraphQL request, from receipt to response (subscriptions: to the stream start).',
    labelNames: ['operation_type'] as const,
    buckets: GRAPHQL_DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly graphqlErrors = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors in responses, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly graphqlUpstreamCalls = new Histogram({
    name: 'graphql_request_upstream_calls',
    help: 'HubSpot attempts made by one GraphQL request (extensions.cost.actual).',
    buckets: UPSTREAM_CALL_BUCKETS,
    registers: [this.registry],
  });
  readonly subscriptionsActive = new Gauge({
    name: 'graphql_subscriptions_active',
    help: 'GraphQL subscriptions currently open (SSE and graphql-ws).',
    registers: [this.registry],
  });

  private readonly cacheRequests = new Counter({
    name: 'gateway_cache_requests_total',
    help: 'Cross-request cache lookups, by kind of HubSpot answer and result (hit, miss, stale, bypass).',
    labelNames: ['kind', 'result'] as const,
    registers: [this.registry],
  });
  private readonly webhookEvents = new Counter({
    name: 'webhook_events_total',
    help: 'HubSpot webhook events, by subscriptionType and result (processed, duplicate, ignored, invalid).',
    labelNames: ['type', 'result'] as const,
    registers: [this.registry],
  });

  constructor(options: GatewayMetricsOptions) {
    this.operationNames = new BoundedOperationNames(options.maxOperationNames);
    this.budgetRemaining.set(options.budget);
    // Known series start at 0, so rate() and ratios work before the first event.
    for (const kind of CACHE_KINDS) {
      for (const result of CACHE_RESULTS) this.cacheRequests.labels(kind, result).inc(0);
    }
    for (const type of WEBHOOK_TYPES) {
      for (const result of WEBHOOK_RESULTS) this.webhookEvents.labels(type, result).inc(0);
    }
    for (const code of ERROR_CODE_LABELS) this.graphqlErrors.labels(code).inc(0);
    this.subscriptionsActive.set(0);
    this.upstreamInFlight.set(0);
  }

  /** Feeds the upstream metrics from the HubSpot transport. */
  readonly transportObserver: TransportObserver = {
    onGovernorWait: (event) => {
      this.governorWait.labels(event.outcome).observe(event.waitMs / 1000);
    },
    onAttemptStart: () => {
      this.upstreamInFlight.inc();
    },
    onAttemptEnd: (event) => {
      const operation = upstreamOperationLabel(event.operation);
      this.upstreamInFlight.dec();
      this.upstreamRequests
        .labels(operation, upstreamStatusLabel(event.status, event.failure))
        .inc();
      this.upstreamDuration.labels(operation).observe(event.durationMs / 1000);
      this.budgetRemaining.set(event.budgetRemaining);
      if (event.rateLimit?.remaining !== undefined) {
        this.headerRemaining.labels('10s').set(event.rateLimit.remaining);
      }
      if (event.rateLimit?.dailyRemaining !== undefined) {
        this.headerRemaining.labels('daily').set(event.rateLimit.dailyRemaining);
      }
      if (event.status === 429)
        this.rateLimited.labels(operation, policyLabel(event.policyName)).inc();
    },
    onRetry: (event) => {
      const reason =
        event.failure === 'malformed'
          ? 'malformed'
          : upstreamStatusLabel(event.failure === 'http' ? event.status : undefined, event.failure);
      this.retries.labels(upstreamOperationLabel(event.operation), reason).inc();
    },
  };

  graphqlRequest(record: GraphQLRequestRecord): void {
    const type = operationTypeLabel(record.operationType);
    this.graphqlRequests.labels(type, this.operationNames.label(record.operationName)).inc();
    this.graphqlDuration.labels(type).observe(record.durationMs / 1000);
    this.graphqlUpstreamCalls.observe(record.upstreamCalls);
    for (const code of record.errorCodes) this.graphqlErrors.labels(errorCodeLabel(code)).inc();
  }

  cacheRequest(kind: CacheKind, result: CacheResult): void {
    this.cacheRequests.labels(cacheKindLabel(kind), result).inc();
  }

  webhookEvent(type: string | undefined, result: WebhookResult): void {
    this.webhookEvents.labels(webhookTypeLabel(type), result).inc();
  }

  /** The exposition text: this gateway's metrics, then the process's. */
  async render(): Promise<string> {
    const [own, process] = await Promise.all([
      this.registry.metrics(),
      processRegistry().metrics(),
    ]);
    return `${own.trimEnd()}\n\n${process.trimEnd()}\n`;
  }
}

let processMetrics: Registry | undefined;

/** Node's default metrics (CPU, memory, event loop lag, GC, handles), collected once per process. */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}
