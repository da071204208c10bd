import { type Logger, pino } from 'pino';
import { traceLogFields } from '../observability/log-context.ts';

export type { Logger };

const BEARER = /Bearer\s+[A-Za-z0-9._~+/=-]+/gi;
const PRIVATE_APP_TOKEN = /\bpat-[a-z0-9]+-[A-Za-z0-9-]+/g;

/**
 * JSON lines on stdout. Tokens never reach a log line: known header paths are censored by pino's
 * `redact`, and every string value is scrubbed of bearer tokens, private-app tokens and the
 * configured secrets (a token can hide in an error message or a URL).
 */
export function createLogger(options: {
  level: string;
  secrets?: readonly string[];
  destination?: pino.DestinationStream;
}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 4);
  const scrub = (value: string): string => {
    let out = value.replace(BEARER, 'Bearer [REDACTED]').replace(PRIVATE_APP_TOKEN, '[REDACTED]');
    for (const secret of secrets) out = out.split(secret).join('[REDACTED]');
    return out;
  };
  const scrubDeep = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return scrub(value);
    if (depth > 6 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => scrubDeep(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = scrubDeep(item, depth + 1);
    return out;
  };
  return pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      mixin: traceLogFields,
      redact: {
        paths: [
          'authorization',
          '*.authorization',
          '*.headers.authorization',
          'headers.authorization',
          'token',
          '*.token',
          'accessToken',
          '*.accessToken',
          'x-api-key',
          '*["x-api-key"]',
        ],
        censor: '[REDACTED]',
      },
      serializers: { err: (err: unknown) => scrubDeep(pino.stdSerializers.err(err as Error), 0) },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrubDeep(object, 0) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrub(arg) : arg));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    // Synchronous stdout: lines keep their order and none is lost when the process exits.
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
