import { context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  type ExecutionResult,
  getOperationAST,
  GraphQLError,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import type { Logger } from '../server/logger.ts';
import { operationNameForLog } from './labels.ts';
import { type GatewayMetrics, METRICS_CONTENT_TYPE } from './metrics.ts';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.ts';
import { type GatewayTracing, nameOperationSpan } from './tracing.ts';

type GatewayPlugin = Plugin<GatewayContext & Record<string, unknown>>;

/** What one request has shown so far, for its metrics, span and log line. */
interface RequestRecord {
  id: string;
  startedAt: number;
  /** The request reached GraphQL parsing (not GraphiQL, /metrics, a health check or a 404). */
  graphql: boolean;
  operationName: string | null | undefined;
  operationType: string | undefined;
  cost: { actual: number; cached?: number } | undefined;
  errorCodes: unknown[];
  span: Span | undefined;
}

export interface RequestObservabilityOptions {
  logger: Logger;
  metrics: GatewayMetrics | undefined;
  tracing: GatewayTracing | undefined;
  /** The per-request `info` line (REQUEST_LOG). */
  requestLog: boolean;
}

/**
 * The gateway's per-request observability, first of all plugins (so that a request refused by
 * inbound auth still gets its id, metrics and log line):
 * - the request id (`x-request-id` in and out, `extensions.requestId` on every error);
 * - GraphQL metrics (requests, duration, errors by code, upstream calls, open subscriptions);
 * - the GraphQL operation span (when tracing is on), the parent of the upstream attempt spans;
 * - the one-line-per-request log.
 */
export function useRequestObservability(options: RequestObservabilityOptions): GatewayPlugin {
  const { logger, metrics, tracing, requestLog } = options;
  const records = new WeakMap<Request, RequestRecord>();
  const recordOf = (request: Request): RequestRecord => {
    let record = records.get(request);
    if (!record) {
      record = {
        id: requestIdOf(request),
        startedAt: performance.now(),
        graphql: false,
        operationName: undefined,
        operationType: undefined,
        cost: undefined,
        errorCodes: [],
        span: undefined,
      };
      records.set(request, record);
    }
    return record;
  };

  const seeOperation = (contextValue: unknown, document: unknown, operationName: unknown) => {
    const gatewayContext = contextValue as Partial<GatewayContext> | undefined;
    const request = gatewayContext?.request;
    if (!request) return;
    const record = recordOf(request);
    const operation = getOperationAST(
      document as Parameters<typeof getOperationAST>[0],
      typeof operationName === 'string' ? operationName : undefined,
    ) as OperationDefinitionNode | null;
    record.operationType = operation?.operation;
    record.operationName ??= operation?.name?.value;
    record.cost = gatewayContext.cost;
    if (record.span) {
      nameOperationSpan(
        record.span,
        record.operationType,
        operationNameForLog(record.operationName),
      );
    }
  };

  const plugin: GatewayPlugin = {
    onRequest({ request }) {
      recordOf(request);
    },
    onRequestParse({ request }) {
      recordOf(request).graphql = true;
    },
    onParams({ request, params }) {
      recordOf(request).operationName = params.operationName;
    },
    onExecute({ args }) {
      seeOperation(args.contextValue, args.document, args.operationName);
    },
    onSubscribe({ args }) {
      seeOperation(args.contextValue, args.document, args.operationName);
      const request = (args.contextValue as Partial<GatewayContext> | undefined)?.request;
      const id = request ? recordOf(request).id : undefined;
      return {
        onSubscribeResult({ result }) {
          const isStream =
            typeof result === 'object' && result !== null && Symbol.asyncIterator in result;
          if (!isStream) return undefined;
          metrics?.subscriptionsActive.inc();
          let ended = false;
          return {
            onNext({ result: event, setResult }) {
              if (id !== undefined && event.errors?.length) setResult(withRequestId(event, id));
            },
            onEnd() {
              if (ended) return;
              ended = true;
              metrics?.subscriptionsActive.dec();
            },
          };
        },
      };
    },
    onResultProcess({ request, result, setResult }) {
      if (typeof result === 'object' && result !== null && Symbol.asyncIterator in result) return;
      const record = recordOf(request);
      const results = Array.isArray(result) ? result : [result];
      let changed = false;
      const stamped = results.map((one) => {
        if (!one.errors?.length) return one;
        for (const error of one.errors) record.errorCodes.push(error.extensions?.code);
        changed = true;
        return withRequestId(one, record.id);
      });
      if (changed) setResult(Array.isArray(result) ? stamped : (stamped[0] as ExecutionResult));
    },
    onResponse({ request, response }) {
      const record = records.get(request) ?? recordOf(request);
      records.delete(request);
      response.headers.set(REQUEST_ID_HEADER, record.id);
      if (!record.graphql && !record.span) return;
      const durationMs = performance.now() - record.startedAt;
      const upstreamCalls = record.cost?.actual ?? 0;
      const cachedCalls = record.cost?.cached ?? 0;
      if (record.graphql) {
        metrics?.graphqlRequest({
          operationType: record.operationType,
          operationName: record.operationName,
          durationMs,
          upstreamCalls,
          errorCodes: record.errorCodes,
        });
      }
      const span = record.span;
      if (span) {
        span.setAttributes({
          'http.response.status_code': response.status,
          'gateway.request_id': record.id,
          'gateway.upstream_calls': upstreamCalls,
          'gateway.cached_calls': cachedCalls,
        });
        if (record.errorCodes.length > 0) {
          span.setAttribute('graphql.error.codes', [...new Set(record.errorCodes.map(String))]);
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span.end();
      }
      if (requestLog && record.graphql) {
        const traceFields = span ? { traceId: span.spanContext().traceId } : {};
        logger.info(
          {
            requestId: record.id,
            operationName: operationNameForLog(record.operationName),
            operationType: record.operationType,
            status: response.status,
            durationMs: Math.round(durationMs * 10) / 10,
            upstreamCalls,
            cachedCalls,
            errorCodes: [...new Set(record.errorCodes.map(String))],
            ...traceFields,
          },
          'request',
        );
      }
    },
  };

  if (tracing) {
    // The operation span wraps the whole request, so everything it does (upstream attempts,
    // log lines) runs with it active; named by operation type once the document is parsed.
    plugin.instrumentation = {
      request({ request }, wrapped) {
        const record = recordOf(request);
        const parent = tracing.extract(request.headers);
        const span = tracing.tracer.startSpan(
          'GraphQL Operation',
          { kind: SpanKind.SERVER, attributes: { 'gateway.request_id': record.id } },
          parent,
        );
        record.span = span;
        return context.with(trace.setSpan(parent, span), wrapped);
      },
    };
  }
  return plugin;
}

/** A result whose every error carries `extensions.requestId`. */
function withRequestId<T extends ExecutionResult>(result: T, requestId: string): T {
  if (!result.errors) return result;
  return {
    ...result,
    errors: result.errors.map((error) => withErrorRequestId(error, requestId)),
  };
}

function withErrorRequestId(error: GraphQLError, requestId: string): GraphQLError {
  if (error.extensions?.requestId === requestId) return error;
  // A copy: yoga may reuse an error object across requests (its parse and validation caches).
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, requestId },
  });
}

export interface MetricsEndpointOptions {
  metrics: GatewayMetrics;
  path?: string;
}

/**
 * `GET /metrics` through yoga. Placed before the protections on a loopback HOST (no inbound
 * auth), after them otherwise (the same API keys / JWTs as GraphQL), and not at all when
 * METRICS_PORT serves it on its own listener.
 */
export function useMetricsEndpoint({
  metrics,
  path = '/metrics',
}: MetricsEndpointOptions): GatewayPlugin {
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== path) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      const body = await metrics.render();
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : body, {
          status: 200,
          headers: { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' },
        }),
      );
    },
  };
}
