import { context, trace } from '@opentelemetry/api';

/**
 * The trace and span ids of the span active where a log line is written (a pino `mixin`), so an
 * operator can jump from a line to its trace. Empty when tracing is off (no context manager:
 * `context.active()` is always the root context, and this costs one lookup).
 */
export function traceLogFields(): Record<string, string> {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}
