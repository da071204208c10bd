import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { type DocumentNode, Kind, type OperationDefinitionNode } from 'graphql';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import type { GatewayConfig } from '../config.ts';
import type { GatewayContext } from '../context.ts';
import { clientSchema } from '../schema/print.ts';
import { API_KEY_HEADER } from './auth.ts';
import { GRAPHIQL_EXAMPLE_TABS, type GraphiQLExampleTab } from './graphiql-example.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Where GraphiQL's static files are served; their names carry a content hash. */
export const GRAPHIQL_ASSET_PREFIX = '/graphiql/';
/** The operation name GraphiQL introspects with (answered from the client-facing schema). */
export const GRAPHIQL_INTROSPECTION_NAME = 'GraphiQLIntrospection';

/** A small speech-bubble icon instead of yoga's 151 KB inline one. */
const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path fill="#ff7a59" d="M4 4h24a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H13l-7 6v-6H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';

interface Asset {
  /** Public path, e.g. /graphiql/app.3f2a….js */
  path: string;
  type: string;
  body: Buffer;
  etag: string;
  /** Compressed variants, made on first request (brotli of the 5 MB bundle takes ~1 s). */
  encoded: Map<'br' | 'gzip', Promise<Buffer>>;
}

interface GraphiQLBundle {
  assets: Map<string, Asset>;
  app: Asset;
  css: Asset;
  favicon: Asset;
  workers: { editorWorkerService: string; json: string; graphql: string };
  /** False when this yoga build's bundle did not have the shape the History patch expects. */
  history: boolean;
}

let bundle: Promise<GraphiQLBundle> | undefined;

/** GraphiQL's files, split out of yoga's single inline page so that browsers can cache them. */
export function loadGraphiQLBundle(): Promise<GraphiQLBundle> {
  bundle ??= (async () => {
    // The 9 MB module is loaded on first use: production may turn GraphiQL off.
    const source = await import('@graphql-yoga/render-graphiql/graphiql');
    const { js, history } = withHistoryPlugin(source.js as string);
    const assets = new Map<string, Asset>();
    const add = (name: string, ext: string, type: string, content: string): Asset => {
      const body = Buffer.from(content);
      const hash = createHash('sha256').update(body).digest('base64url').slice(0, 12);
      const path = `${GRAPHIQL_ASSET_PREFIX}${name}.${hash}.${ext}`;
      const asset: Asset = { path, type, body, etag: `"${hash}"`, encoded: new Map() };
      assets.set(path, asset);
      return asset;
    };
    const script = 'text/javascript; charset=utf-8';
    const app = add('graphiql', 'js', script, js);
    const css = add('graphiql', 'css', 'text/css; charset=utf-8', source.css as string);
    const favicon = add('favicon', 'svg', 'image/svg+xml', FAVICON_SVG);
    const workers = {
      editorWorkerService: add('editor.worker', 'js', script, source.editorWorkerService).path,
      json: add('json.worker', 'js', script, source.jsonWorker).path,
      graphql: add('graphql.worker', 'js', script, source.graphqlWorker).path,
    };
    return { assets, app, css, favicon, workers, history };
  })();
  return bundle;
}

/**
 * Yoga's GraphiQL passes `plugins: [explorer]` to GraphiQL, which drops GraphiQL's default History
 * plugin; the plugin is still in the bundle. Add it back next to the Explorer. The bundle is
 * minified, so this matches its shapes, and leaves the bundle untouched when they are not found.
 */
function withHistoryPlugin(js: string): { js: string; history: boolean } {
  const plugin = /const ([\w$]+)=\{title:"History",icon:/.exec(js)?.[1];
  const plugins = /plugins:\[([\w$]+)\],schemaDescription:/;
  if (!plugin || !plugins.test(js)) return { js, history: false };
  return {
    js: js.replace(
      plugins,
      (_all, explorer) => `plugins:[${explorer},${plugin}],schemaDescription:`,
    ),
    history: true,
  };
}

/** The header editor's content for the configured auth mode: placeholders, never a secret. */
export function graphiqlHeaders(config: GatewayConfig): Record<string, string> {
  const headers: Record<string, string> = {};
  if (config.GATEWAY_API_KEYS.length > 0) headers[API_KEY_HEADER] = '<one of GATEWAY_API_KEYS>';
  if (config.GATEWAY_JWT_SECRET !== undefined || config.GATEWAY_JWT_JWKS_FILE !== undefined) {
    headers.authorization = 'Bearer <a JWT this gateway accepts>';
  } else if (config.FORWARD_CALLER_TOKEN) {
    headers.authorization = 'Bearer <your HubSpot access token>';
  }
  return headers;
}

function json(value: Record<string, unknown>): string {
  return JSON.stringify(value, null, 2);
}

/**
 * Whether a subscription can ever receive an event here: from this gateway's mutations, from
 * HubSpot's webhooks, or from another replica sharing REDIS_URL.
 */
export function liveEventsPossible(config: GatewayConfig, webhooks: boolean): boolean {
  return config.MUTATIONS || webhooks || config.REDIS_URL !== undefined;
}

/** GraphiQL's options: the example tabs, auth headers pre-filled, the client-facing Explorer. */
export function graphiqlOptions(
  config: GatewayConfig,
  live: { webhooks: boolean },
  tabs: readonly GraphiQLExampleTab[] = GRAPHIQL_EXAMPLE_TABS,
): GraphiQLOptions {
  const auth = graphiqlHeaders(config);
  const streams = liveEventsPossible(config, live.webhooks);
  const headersOf = (tab: GraphiQLExampleTab) => {
    const all = { ...auth, ...tab.headers };
    return Object.keys(all).length > 0 ? json(all) : undefined;
  };
  return {
    title: 'HubSpot Conversations gateway',
    defaultTabs: tabs
      .filter((tab) => (config.MUTATIONS || !tab.writes) && (streams || !tab.streams))
      .map((tab) => ({
        query: tab.query,
        variables: tab.variables ? json(tab.variables) : undefined,
        headers: headersOf(tab),
      })),
    ...(Object.keys(auth).length > 0 ? { defaultHeaders: json(auth) } : {}),
    introspectionQueryName: GRAPHIQL_INTROSPECTION_NAME,
    schemaDescription: true,
    maxHistoryLength: 50,
  };
}

/** `<` in JSON inside a <script> could close it; escaped, the JSON means the same. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The GraphiQL page: a few KB of HTML; the 9 MB of code are cacheable files. */
export async function renderGraphiQLPage(options: GraphiQLOptions): Promise<string> {
  const files = await loadGraphiQLBundle();
  const title = (options.title ?? 'GraphiQL').replace(/[<>&"]/g, '');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <link rel="icon" href="${files.favicon.path}" type="image/svg+xml" />
    <link rel="stylesheet" href="${files.css.path}" />
    <style>
      #response-time { position: fixed; right: 12px; bottom: 8px; z-index: 10; font: 12px/1.4 system-ui, sans-serif;
        color: hsl(var(--color-neutral), 0.8); background: hsl(var(--color-base)); padding: 2px 8px;
        border-radius: 4px; pointer-events: none; }
    </style>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root"></div>
    <div id="response-time" aria-live="polite"></div>
    <script>
      (function () {
        var workers = ${scriptJson(files.workers)};
        self.MonacoEnvironment = {
          globalAPI: false,
          getWorkerUrl: function (_moduleId, label) { return workers[label]; },
        };
        // Response time (and upstream cost) of each GraphQL request GraphiQL sends, shown in the
        // bottom-right corner: GraphiQL has no such display of its own.
        var endpoint = new URL(location.pathname, location.href).href;
        var shown = document.getElementById('response-time');
        var originalFetch = window.fetch.bind(window);
        window.fetch = function (input, init) {
          var url = new URL(typeof input === 'string' ? input : input.url, location.href);
          var body = init && typeof init.body === 'string' ? init.body : '';
          if (url.origin + url.pathname !== endpoint || body.indexOf(${scriptJson(GRAPHIQL_INTROSPECTION_NAME)}) !== -1) {
            return originalFetch(input, init);
          }
          var started = performance.now();
          return originalFetch(input, init).then(function (response) {
            var ms = Math.round(performance.now() - started);
            var type = response.headers.get('content-type') || '';
            shown.textContent = 'response: ' + ms + ' ms';
            if (type.indexOf('json') !== -1) {
              response.clone().json().then(function (result) {
                var cost = result && result.extensions && result.extensions.cost;
                if (cost && typeof cost.actual === 'number') {
                  shown.textContent = 'response: ' + ms + ' ms · HubSpot calls: ' + cost.actual;
                }
              }, function () {});
            } else if (type.indexOf('event-stream') !== -1) {
              shown.textContent = 'subscribed in ' + ms + ' ms';
            }
            return response;
          });
        };
      })();
    </script>
    <script src="${files.app.path}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${scriptJson(options)});
    </script>
  </body>
</html>
`;
}

/** Encodings the client accepts, best first, among those we produce (q=0 means refused). */
export function acceptedEncoding(header: string | null): 'br' | 'gzip' | undefined {
  if (!header) return undefined;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    q.set(name, weight === undefined ? 1 : Number(weight));
  }
  const of = (name: string) => q.get(name) ?? (q.has('*') ? (q.get('*') as number) : 0);
  const br = of('br');
  const gz = of('gzip');
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return undefined;
}

function encode(body: Buffer, encoding: 'br' | 'gzip', level: 'static' | 'dynamic') {
  if (encoding === 'gzip') return gzipAsync(body, { level: level === 'static' ? 9 : 5 });
  return brotli(body, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: level === 'static' ? 5 : 4,
      [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}

/** Responses smaller than this are sent as they are: compressing them saves nothing. */
const MIN_COMPRESS_BYTES = 1024;
const COMPRESSIBLE =
  /^(application\/(json|graphql-response\+json)|text\/(html|css|javascript|plain)|image\/svg)/;

/**
 * GraphiQL's static files (immutable, cached by browsers for a year) and the compression of
 * every response a client accepts compressed (brotli or gzip): JSON results, the GraphiQL page.
 * Streams (SSE, multipart) are never compressed: their events must reach the client at once.
 */
export function useGraphiQLAssetsAndCompression(options: {
  assets: boolean;
}): Plugin<GatewayContext & Record<string, unknown>> {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      // Synchronous for every other request: no extra tick on the GraphQL path.
      if (!options.assets || !url.pathname.startsWith(GRAPHIQL_ASSET_PREFIX)) return;
      return serveAsset(request, url, endResponse, fetchAPI);
    },
    onResponse({ request, response, setResponse, fetchAPI }) {
      const type = response.headers.get('content-type') ?? '';
      if (type.startsWith('text/html')) response.headers.set('cache-control', 'no-cache');
      if (!COMPRESSIBLE.test(type) || response.headers.has('content-encoding')) return;
      if (request.url.includes(GRAPHIQL_ASSET_PREFIX)) return;
      response.headers.append('vary', 'accept-encoding');
      const encoding = acceptedEncoding(request.headers.get('accept-encoding'));
      const length = Number(response.headers.get('content-length') ?? Number.NaN);
      // Synchronous unless compressing: most API clients send no Accept-Encoding.
      if (!encoding || length < MIN_COMPRESS_BYTES) return;
      return compress(response, encoding, setResponse, fetchAPI);
    },
  };
}

async function compress(
  response: Response,
  encoding: 'br' | 'gzip',
  setResponse: (response: Response) => void,
  fetchAPI: { Response: typeof Response; Headers: typeof Headers },
): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers = new fetchAPI.Headers(response.headers);
  let out: Buffer = body;
  if (body.length >= MIN_COMPRESS_BYTES) {
    out = await encode(body, encoding, 'dynamic');
    headers.set('content-encoding', encoding);
  }
  headers.set('content-length', String(out.length));
  setResponse(
    new fetchAPI.Response(new Uint8Array(out), {
      status: response.status,
      statusText: response.statusText,
      headers,
    }),
  );
}

/**
 * GraphiQL's Explorer and Docs show the client-facing schema: its introspection query (named
 * GRAPHIQL_INTROSPECTION_NAME) is answered from the schema without `_entities` / `_service`.
 * Every other request, federation's `_service { sdl }` and `_entities` included, sees the
 * served subgraph schema unchanged.
 */
export function useClientSchemaForGraphiQL(): Plugin<GatewayContext & Record<string, unknown>> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const document = args.document as DocumentNode;
      const operations = document.definitions.filter(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      );
      const operation = args.operationName
        ? operations.find((o) => o.name?.value === args.operationName)
        : operations.length === 1
          ? operations[0]
          : undefined;
      const onlyIntrospection =
        operation?.name?.value === GRAPHIQL_INTROSPECTION_NAME &&
        operation.operation === 'query' &&
        operation.selectionSet.selections.every(
          (s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'),
        );
      if (!onlyIntrospection) return;
      setExecuteFn((a) => executeFn({ ...a, schema: clientSchema() }));
    },
  };
}

type EndResponse = (response: Response) => void;

async function serveAsset(
  request: Request,
  url: URL,
  endResponse: EndResponse,
  fetchAPI: { Response: typeof Response },
): Promise<void> {
  const files = await loadGraphiQLBundle();
  const asset = files.assets.get(url.pathname);
  if (!asset || (request.method !== 'GET' && request.method !== 'HEAD')) {
    endResponse(new fetchAPI.Response('Not found', { status: 404 }));
    return;
  }
  const headers: Record<string, string> = {
    'content-type': asset.type,
    'cache-control': 'public, max-age=31536000, immutable',
    etag: asset.etag,
    vary: 'accept-encoding',
  };
  if (request.headers.get('if-none-match') === asset.etag) {
    endResponse(new fetchAPI.Response(null, { status: 304, headers }));
    return;
  }
  const encoding = acceptedEncoding(request.headers.get('accept-encoding'));
  let body = asset.body;
  if (encoding && body.length >= MIN_COMPRESS_BYTES) {
    let encoded = asset.encoded.get(encoding);
    if (!encoded) {
      encoded = encode(asset.body, encoding, 'static');
      asset.encoded.set(encoding, encoded);
    }
    body = await encoded;
    headers['content-encoding'] = encoding;
  }
  headers['content-length'] = String(body.length);
  endResponse(
    new fetchAPI.Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers,
    }),
  );
}
