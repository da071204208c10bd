import {
  type Attributes,
  type Context,
  context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_URL_FULL,
} from '@opentelemetry/semantic-conventions';
import type { GatewayConfig } from '../config.ts';
import type { TransportObserver } from '../hubspot/transport.ts';

/**
 * OpenTelemetry traces, on only when an OTLP endpoint is configured. One tracer provider per
 * gateway (never the global one), exporting OTLP/HTTP JSON in batches. The context of the
 * GraphQL operation span travels to the HubSpot transport through AsyncLocalStorage (a
 * process-wide context manager, registered on first use), so each upstream attempt becomes its
 * child span, and log lines written while it is active carry its trace id.
 */
export interface GatewayTracing {
  tracer: Tracer;
  /** The parent context a W3C `traceparent` (and `tracestate`) header names, or the root. */
  extract(headers: Headers): Context;
  /** Child spans per upstream attempt, retries and governor waits as events. */
  transportObserver: TransportObserver;
  /** Flushes pending spans and stops exporting. */
  shutdown(): Promise<void>;
}

/** OTLP/HTTP traces URL from the configuration, or undefined when tracing is off. */
export function tracesUrl(config: GatewayConfig): string | undefined {
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) {
    return `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  }
  return undefined;
}

const propagator = new W3CTraceContextPropagator();
const headerGetter = {
  get: (carrier: Headers, key: string) => carrier.get(key) ?? undefined,
  keys: (carrier: Headers) => [...carrier.keys()],
};

let contextManagerRegistered = false;

/** AsyncLocalStorage context propagation, once per process (a no-op when one is already set). */
function ensureContextManager(): void {
  if (contextManagerRegistered) return;
  contextManagerRegistered = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}

export function createTracing(config: GatewayConfig, url: string): GatewayTracing {
  ensureContextManager();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: config.OTEL_SERVICE_NAME,
      [ATTR_SERVICE_VERSION]: '0.1.0',
    }),
    sampler: new ParentBasedSampler({
      root: new TraceIdRatioBasedSampler(config.OTEL_TRACES_SAMPLER_ARG),
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  const tracer = provider.getTracer('hubspot-conversations-gateway');
  return {
    tracer,
    extract: (headers) => propagator.extract(ROOT_CONTEXT, headers, headerGetter),
    transportObserver: attemptSpans(tracer),
    shutdown: () => provider.shutdown(),
  };
}

/** The stable HTTP client span of each attempt, child of the span active when it was made. */
function attemptSpans(tracer: Tracer): TransportObserver {
  return {
    onAttemptEnd(event) {
      const parent = context.active();
      if (!trace.getSpan(parent)) return; // only inside a traced GraphQL request
      const url = safeUrl(event.url);
      const attributes: Attributes = {
        [ATTR_HTTP_REQUEST_METHOD]: event.method,
        [ATTR_URL_FULL]: url.full,
        [ATTR_SERVER_ADDRESS]: url.host,
        [ATTR_SERVER_PORT]: url.port,
        'hubspot.operation': event.operation,
        'gateway.governor.wait_ms': Math.round(event.governorWaitMs * 1000) / 1000,
        'hubspot.rate_budget_remaining': event.budgetRemaining,
      };
      if (event.attempt > 1) attributes[ATTR_HTTP_REQUEST_RESEND_COUNT] = event.attempt - 1;
      if (event.status !== undefined && event.status > 0) {
        attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = event.status;
      }
      if (event.rateLimit?.remaining !== undefined) {
        attributes['hubspot.ratelimit.remaining'] = event.rateLimit.remaining;
      }
      if (event.policyName) attributes['hubspot.policy_name'] = event.policyName;
      if (event.correlationId) attributes['hubspot.correlation_id'] = event.correlationId;
      const errorType = errorTypeOf(event.status, event.failure);
      if (errorType) attributes[ATTR_ERROR_TYPE] = errorType;
      const span = tracer.startSpan(
        event.method,
        { kind: SpanKind.CLIENT, startTime: event.startedAt, attributes },
        parent,
      );
      if (event.governorWaitMs >= 1) {
        span.addEvent(
          'gateway.governor.wait',
          { 'gateway.governor.wait_ms': attributes['gateway.governor.wait_ms'] },
          event.startedAt,
        );
      }
      if (errorType) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end(event.startedAt + event.durationMs);
    },
    onGovernorWait(event) {
      if (event.outcome !== 'refused') return;
      trace.getActiveSpan()?.addEvent('gateway.governor.refused', {
        'hubspot.operation': event.operation,
        'gateway.governor.wait_ms': event.waitMs,
      });
    },
    onRetry(event) {
      trace.getActiveSpan()?.addEvent('hubspot.retry', {
        'hubspot.operation': event.operation,
        'hubspot.attempt': event.attempt,
        'hubspot.retry_in_ms': Math.round(event.delayMs),
        ...(event.status !== undefined ? { [ATTR_HTTP_RESPONSE_STATUS_CODE]: event.status } : {}),
        ...(event.policyName ? { 'hubspot.policy_name': event.policyName } : {}),
      });
    },
  };
}

/** Stable `error.type`: the HTTP status for 4xx/5xx, the failure kind when no answer came. */
function errorTypeOf(status: number | undefined, failure: string | undefined): string | undefined {
  if (failure === undefined) return undefined;
  if (failure === 'http' && status !== undefined) return String(status);
  return failure; // timeout, network, malformed, budget, aborted
}

/** The URL without user info (semconv: never credentials in `url.full`). */
function safeUrl(raw: string): { full: string; host: string; port: number } {
  const url = new URL(raw);
  url.username = '';
  url.password = '';
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { full: url.toString(), host: url.hostname, port };
}

/** Names the operation span once its type is known (semconv: `{graphql.operation.type}`). */
export function nameOperationSpan(
  span: Span,
  type: string | undefined,
  name: string | undefined,
): void {
  if (type) {
    span.updateName(type);
    span.setAttribute('graphql.operation.type', type);
  }
  if (name) span.setAttribute('graphql.operation.name', name);
}
