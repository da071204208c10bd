import { type Logger, pino } from 'pino';
import { traceLogFields } from '../observability/log-context.ts';

export type { Logger };

const BEARER = /Bearer\s+[A-Za-z0-9._~+/=-]+/gi;
const PRIVATE_APP_TOKEN = /\bpat-[a-z0-9]+-[A-Za-z0-9-]+/g;

/**
 * JSON lines on stdout (or readable lines with `format: 'pretty'`). Tokens never reach a log line: known header paths are censored by pino's
 * `redact`, and every string value is scrubbed of bearer tokens, private-app tokens and the
 * configured secrets (a token can hide in an error message or a URL).
 */
export function createLogger(options: {
  level: string;
  secrets?: readonly string[];
  destination?: pino.DestinationStream;
  /** `pretty`: readable lines (for a terminal) instead of JSON lines. */
  format?: 'json' | 'pretty';
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
    options.format === 'pretty'
      ? prettyDestination(options.destination ?? stdout(), process.stdout.isTTY === true)
      : (options.destination ?? stdout()),
  );
}

/** Synchronous stdout: lines keep their order and none is lost when the process exits. */
function stdout(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: true });
}

const LEVEL_STYLE: Record<string, [label: string, color: string]> = {
  trace: ['TRACE', '90'],
  debug: ['DEBUG', '36'],
  info: ['INFO ', '32'],
  warn: ['WARN ', '33'],
  error: ['ERROR', '31'],
  fatal: ['FATAL', '35'],
};

/** One JSON log line as one readable line: `12:00:01.123 INFO  message  key=value …`. */
export function formatPretty(line: string, color: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const { time, level, msg, ...fields } = entry;
  const clock = typeof time === 'string' ? time.slice(11, 23) : '';
  const [label, code] = LEVEL_STYLE[String(level)] ?? [String(level).toUpperCase(), '0'];
  const paint = (text: string, sgr: string) => (color ? `\x1b[${sgr}m${text}\x1b[0m` : text);
  const pairs = Object.entries(fields).map(([key, value]) => {
    const text = typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value);
    return `${paint(key, '2')}=${text}`;
  });
  return `${paint(clock, '2')} ${paint(label, code)} ${msg ?? ''}${pairs.length ? `  ${pairs.join(' ')}` : ''}\n`;
}

function prettyDestination(target: pino.DestinationStream, color: boolean): pino.DestinationStream {
  return {
    write(line: string) {
      target.write(formatPretty(line, color));
    },
  } as pino.DestinationStream;
}
