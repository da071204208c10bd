import { trace } from '@opentelemetry/api';
import { type GatewayConfig, isLoopback, isSimulatorMode } from '../config.ts';
import type { TransportObserver } from '../hubspot/transport.ts';
import type { Logger } from '../server/logger.ts';
import { GatewayMetrics } from './metrics.ts';
import { useMetricsEndpoint, useRequestObservability } from './plugin.ts';
import {
  type CacheKind,
  type CacheRecorder,
  type CacheResult,
  noCacheRecorder,
  noWebhookRecorder,
  type WebhookRecorder,
  type WebhookResult,
} from './recorders.ts';
import { createTracing, type GatewayTracing, tracesUrl } from './tracing.ts';

export type { CacheKind, CacheRecorder, CacheResult, WebhookRecorder, WebhookResult };
export { GatewayMetrics, METRICS_CONTENT_TYPE } from './metrics.ts';
export { requestIdOf, REQUEST_ID_HEADER } from './request-id.ts';

type GatewayPlugin = ReturnType<typeof useRequestObservability>;

/** Everything observability adds to one gateway, built from the configuration. */
export interface Observability {
  /** Undefined with METRICS=false. */
  metrics: GatewayMetrics | undefined;
  /** Undefined unless an OTLP endpoint is configured. */
  tracing: GatewayTracing | undefined;
  /** Given to every HubSpot transport; undefined when there is nothing to observe. */
  transportObserver: TransportObserver | undefined;
  /** For the cross-request cache: one call per lookup. */
  cache: CacheRecorder;
  /** For the webhook endpoint: one call per event. */
  webhooks: WebhookRecorder;
  /** First of all yoga plugins (request id, GraphQL metrics, operation span, request log). */
  firstPlugins: GatewayPlugin[];
  /** Before the protections: `/metrics` on a loopback HOST. */
  unprotectedPlugins: GatewayPlugin[];
  /** After the protections: `/metrics` behind inbound auth on a non-loopback HOST. */
  protectedPlugins: GatewayPlugin[];
  /** Flushes pending spans. */
  close(): Promise<void>;
}

export interface ObservabilityOptions {
  logger: Logger;
  /** Bench only: turn metrics / tracing off whatever the configuration says. */
  metrics?: boolean;
  tracing?: boolean;
}

export function createObservability(
  config: GatewayConfig,
  options: ObservabilityOptions,
): Observability {
  const metrics =
    config.METRICS && options.metrics !== false
      ? new GatewayMetrics({
          budget: config.HUBSPOT_MAX_REQUESTS_PER_10S,
          maxOperationNames: config.METRICS_MAX_OPERATION_NAMES,
        })
      : undefined;
  const url = options.tracing === false ? undefined : tracesUrl(config);
  const tracing = url ? createTracing(config, url) : undefined;
  const observers = [metrics?.transportObserver, tracing?.transportObserver].filter(
    (o): o is TransportObserver => o !== undefined,
  );
  const requestLog = config.REQUEST_LOG ?? isSimulatorMode(config);

  const metricsPlugins =
    metrics && config.METRICS_PORT === undefined ? [useMetricsEndpoint({ metrics })] : [];
  const loopback = isLoopback(config.HOST);

  const cache: CacheRecorder = metrics
    ? {
        cacheRequest(kind: CacheKind, result: CacheResult) {
          metrics.cacheRequest(kind, result);
          if (tracing && result === 'hit') {
            trace.getActiveSpan()?.addEvent('gateway.cache.hit', { 'gateway.cache.kind': kind });
          }
        },
      }
    : tracing
      ? {
          cacheRequest(kind: CacheKind, result: CacheResult) {
            if (result === 'hit') {
              trace.getActiveSpan()?.addEvent('gateway.cache.hit', { 'gateway.cache.kind': kind });
            }
          },
        }
      : noCacheRecorder;

  return {
    metrics,
    tracing,
    transportObserver: combineObservers(observers),
    cache,
    webhooks: metrics
      ? { webhookEvent: (type, result) => metrics.webhookEvent(type, result) }
      : noWebhookRecorder,
    firstPlugins: [
      useRequestObservability({ logger: options.logger, metrics, tracing, requestLog }),
    ],
    unprotectedPlugins: loopback ? metricsPlugins : [],
    protectedPlugins: loopback ? [] : metricsPlugins,
    close: async () => {
      await tracing?.shutdown();
    },
  };
}

function combineObservers(observers: TransportObserver[]): TransportObserver | undefined {
  if (observers.length === 0) return undefined;
  if (observers.length === 1) return observers[0];
  return {
    onGovernorWait: (event) => {
      for (const o of observers) o.onGovernorWait?.(event);
    },
    onAttemptStart: (event) => {
      for (const o of observers) o.onAttemptStart?.(event);
    },
    onAttemptEnd: (event) => {
      for (const o of observers) o.onAttemptEnd?.(event);
    },
    onRetry: (event) => {
      for (const o of observers) o.onRetry?.(event);
    },
  };
}
