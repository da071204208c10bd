import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import {
  type GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  type ValidationContext,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayConfig } from '../config.ts';
import type { GatewayContext } from '../context.ts';
import { gatewayError } from '../error-codes.ts';
import { API_KEY_HEADER, useInboundAuth } from './auth.ts';
import { useCostLimit } from './cost.ts';
import type { Logger } from './logger.ts';

type GatewayPlugin = Plugin<GatewayContext & Record<string, unknown>>;
type RejectCallback = (context: ValidationContext | null, error: GraphQLError) => void;

/**
 * Headers whose presence proves a browser sent a CORS preflight first (none of them is
 * CORS-safelisted), so the request cannot be a cross-site "simple" request.
 */
export const PREFLIGHT_HEADERS = [
  'x-graphql-yoga-csrf',
  'graphql-require-preflight',
  'apollo-require-preflight',
  'authorization',
  API_KEY_HEADER,
];

/**
 * Security limits, inbound auth and cost control, in the order yoga applies them:
 * 1. inbound authentication (401 before anything is parsed);
 * 2. CSRF prevention for browser "simple" requests;
 * 3. token limit while parsing; depth, alias and directive limits (graphql-armor) and, when
 *    INTROSPECTION=false, no introspection and no field suggestions while validating;
 * 4. the upstream-call budget (COST_LIMIT_EXCEEDED) just before execution.
 * The request body size limit and CORS are yoga options (see gateway.ts).
 */
export function createHardeningPlugins(config: GatewayConfig, logger: Logger): GatewayPlugin[] {
  const plugins: GatewayPlugin[] = [];
  const auth = useInboundAuth(config, logger);
  if (auth) plugins.push(auth);
  plugins.push(useBrowserCSRFPrevention());
  plugins.push(useMaxTokens(config.MAX_TOKENS));
  plugins.push(
    EnvelopArmorPlugin({
      maxDepth: {
        n: config.MAX_QUERY_DEPTH,
        flattenFragments: true,
        ignoreIntrospection: true,
        ...reportAs('maxDepth'),
      },
      maxAliases: { n: config.MAX_ALIASES, ...reportAs('maxAliases') },
      maxDirectives: { n: config.MAX_DIRECTIVES, ...reportAs('maxDirectives') },
      // Our own parse option below: graphql-js counts tokens natively, armor proxies the lexer.
      maxTokens: { enabled: false },
      // The HubSpot-specific upstream-call estimate below replaces a generic field cost.
      costLimit: { enabled: false },
      // Suggestions ("Did you mean …") reveal the schema: hidden when introspection is off.
      blockFieldSuggestion: { enabled: !config.INTROSPECTION },
    }) as GatewayPlugin,
  );
  if (!config.INTROSPECTION) plugins.push(useNoIntrospection());
  plugins.push(
    useCostLimit({ maxCost: config.MAX_OPERATION_COST, maxPageSize: config.MAX_PAGE_SIZE }),
  );
  return plugins;
}

/**
 * Armor reports through the validation context instead of throwing, so its rejections are
 * ordinary validation errors: `GRAPHQL_VALIDATION_FAILED`, HTTP 400 (graphql-response+json),
 * with the limit named in `extensions.limit`.
 */
function reportAs(limit: string): { propagateOnRejection: false; onReject: RejectCallback[] } {
  return {
    propagateOnRejection: false,
    onReject: [
      (context, error) => {
        context?.reportError(
          gatewayError('GRAPHQL_VALIDATION_FAILED', error.message.replace(/^Syntax Error: /, ''), {
            extensions: { limit },
          }),
        );
      },
    ],
  };
}

/**
 * MAX_TOKENS through graphql-js' own `maxTokens` parse option. The parse error is a syntax
 * error: `GRAPHQL_PARSE_FAILED`, HTTP 400. yoga's parse cache still applies.
 */
function useMaxTokens(maxTokens: number): GatewayPlugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => parse(source, { ...options, maxTokens }));
    },
  };
}

/** INTROSPECTION=false: `__schema` and `__type` fail validation (`__typename` still works). */
function useNoIntrospection(): GatewayPlugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

/**
 * CSRF prevention for browser requests, without breaking GraphQL-over-HTTP.
 *
 * yoga's useCSRFPrevention demands a custom header on every request that a browser could send
 * cross-site without a CORS preflight. That includes every spec-compliant GET (no content-type),
 * which would break GET for curl, graphql-http and any non-browser client. So:
 * - POST goes through useCSRFPrevention: `application/x-www-form-urlencoded`,
 *   `multipart/form-data`, `text/plain` or a missing content-type need one of PREFLIGHT_HEADERS;
 *   `application/json` and `application/graphql-response+json` bodies always pass (a browser
 *   preflights them, and CORS is closed unless CORS_ORIGINS allows the page).
 * - GET needs one of PREFLIGHT_HEADERS only when the browser says it is cross-site or same-site
 *   (Fetch Metadata `Sec-Fetch-Site`); same-origin GETs (GraphiQL), and non-browser clients,
 *   which send no Sec-Fetch-Site, pass. GET runs queries only (yoga refuses mutations over GET).
 */
function useBrowserCSRFPrevention(): GatewayPlugin {
  const csrf = useCSRFPrevention({ requestHeaders: PREFLIGHT_HEADERS });
  const refuse = () =>
    gatewayError(
      'BAD_REQUEST',
      'Cross-site browser request refused (CSRF protection): send a JSON body (`content-type: application/json`) or an `x-graphql-yoga-csrf: 1` header.',
      { extensions: { http: { status: 403 } } },
    );
  return {
    onRequestParse(payload) {
      const { request } = payload;
      if (request.method === 'GET') {
        const site = request.headers.get('sec-fetch-site');
        if (site !== 'cross-site' && site !== 'same-site') return;
        if (PREFLIGHT_HEADERS.some((name) => request.headers.has(name))) return;
        throw refuse();
      }
      if (request.method !== 'POST') return; // yoga answers other methods with 405
      try {
        return csrf.onRequestParse?.(payload);
      } catch {
        throw refuse();
      }
    },
  };
}
