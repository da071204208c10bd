import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';

const ENDPOINTS =
  'HubSpot Conversations GraphQL gateway: GraphQL (and GraphiQL in a browser) at /graphql; /healthz, /readyz.\n';

/**
 * `/`: browsers are sent to GraphiQL at /graphql; anything else gets one line naming the
 * endpoints (a 404 with an empty body told a newcomer nothing).
 */
export function useRootRedirect(): Plugin<GatewayContext & Record<string, unknown>> {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== '/' || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      const browser = (request.headers.get('accept') ?? '').includes('text/html');
      const headers = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' };
      endResponse(
        browser
          ? new fetchAPI.Response(ENDPOINTS, {
              status: 302,
              headers: { ...headers, location: `/graphql${url.search}` },
            })
          : new fetchAPI.Response(request.method === 'HEAD' ? null : ENDPOINTS, {
              status: 200,
              headers,
            }),
      );
    },
  };
}
