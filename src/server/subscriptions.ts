import type { IncomingMessage, Server } from 'node:http';
import {
  createSourceEventStream,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  type GraphQLError,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { GatewayConfig } from '../config.ts';
import type { GatewayContext } from '../context.ts';
import { EVENT_CONTEXT } from '../live/fanout.ts';
import { createInboundAuthenticator } from './auth.ts';
import type { Gateway } from './gateway.ts';
import type { Logger } from './logger.ts';

/**
 * Executes each subscription event with the context its payload carries (one per event and
 * HubSpot token: its own deadline and loaders, shared by that token's subscribers), instead of
 * the subscribing request's context, whose deadline and per-request caches would otherwise last
 * as long as the subscription.
 */
export function useEventContext(): Plugin<GatewayContext & Record<string, unknown>> {
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const stream = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in stream)) return stream as ExecutionResult;
        return mapEvents(stream, (payload) =>
          execute({
            ...args,
            rootValue: payload,
            contextValue: eventContextOf(payload) ?? args.contextValue,
          }),
        );
      });
    },
  };
}

function eventContextOf(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const threadEvents = (payload as Record<string, unknown>).threadEvents;
  if (typeof threadEvents !== 'object' || threadEvents === null) return undefined;
  return (threadEvents as { [EVENT_CONTEXT]?: unknown })[EVENT_CONTEXT];
}

/** Maps a source stream; `return()` reaches the source at once (client gone frees everything). */
function mapEvents<T, R>(
  source: AsyncIterable<T>,
  map: (value: T) => R | Promise<R>,
): AsyncIterableIterator<R> {
  const iterator = source[Symbol.asyncIterator]();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      const step = await iterator.next();
      if (step.done) return { done: true, value: undefined };
      return { done: false, value: await map(step.value) };
    },
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      await iterator.return?.();
      throw error;
    },
  };
}

/**
 * graphql-ws (WebSocket) on the HTTP server, at the same /graphql path as SSE, running every
 * operation through yoga's envelop (the same plugins, limits and context). Browsers cannot set
 * headers on a WebSocket: `authorization` and `x-api-key` may also come in `connectionParams`.
 * Inbound authentication is checked at connection time, as for HTTP.
 */
export function attachGraphQLWs(
  server: Server,
  gateway: Gateway,
  config: GatewayConfig,
  logger: Logger,
): { close(): Promise<void> } {
  // noServer: with `server`, ws re-emits the HTTP server's own errors (a port in use) as a
  // WebSocket server error that graphql-ws prints with a stack trace.
  const wsServer = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    if (request.url?.split('?')[0] !== gateway.yoga.graphqlEndpoint) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wsServer.handleUpgrade(request, socket, head, (ws) => wsServer.emit('connection', ws, request));
  });
  const authenticator = createInboundAuthenticator(config);
  type Extra = { request: IncomingMessage };

  const requestOf = (ctx: {
    extra: Extra;
    connectionParams?: Readonly<Record<string, unknown>>;
  }): Request => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(ctx.extra.request.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    for (const name of ['authorization', 'x-api-key'] as const) {
      const value = ctx.connectionParams?.[name] ?? ctx.connectionParams?.[capitalised(name)];
      if (typeof value === 'string') headers.set(name, value);
    }
    return new Request(
      `http://${headers.get('host') ?? 'localhost'}${gateway.yoga.graphqlEndpoint}`,
      {
        headers,
      },
    );
  };

  const disposable = useServer<Record<string, unknown>, Extra>(
    {
      onConnect: async (ctx) => {
        if (!authenticator) return true;
        return authenticator.verify(requestOf(ctx));
      },
      onSubscribe: async (ctx, _id, payload) => {
        const request = requestOf(ctx);
        const { schema, execute, subscribe, contextFactory, parse, validate } =
          gateway.yoga.getEnveloped({ request, params: payload, req: ctx.extra.request });
        const args = {
          schema,
          operationName: payload.operationName,
          document: parse(payload.query),
          variableValues: payload.variables,
          contextValue: await contextFactory(),
        };
        const errors = validate(args.schema, args.document);
        if (errors.length > 0) return errors as readonly GraphQLError[];
        // Subscriptions outlive the request deadline (each event gets its own); other
        // operations keep it until they finish.
        const context = args.contextValue as unknown as Partial<GatewayContext>;
        return {
          ...args,
          rootValue: {
            execute: async (executionArgs: ExecutionArgs) => {
              try {
                return await execute(executionArgs);
              } finally {
                context.release?.();
              }
            },
            subscribe: (executionArgs: ExecutionArgs) => {
              context.release?.();
              return subscribe(executionArgs);
            },
          },
        } as ExecutionArgs;
      },
      execute: (args: ExecutionArgs) =>
        (args.rootValue as { execute(a: ExecutionArgs): Promise<ExecutionResult> }).execute(args),
      subscribe: (args: ExecutionArgs) =>
        (args.rootValue as { subscribe(a: ExecutionArgs): Promise<ExecutionResult> }).subscribe(
          args,
        ),
      onError: (_ctx, _id, _payload, errors) => {
        logger.debug({ errors: errors.length }, 'graphql-ws operation refused');
      },
    },
    wsServer,
    config.WS_KEEPALIVE_MS,
  );

  return {
    async close() {
      for (const client of wsServer.clients) client.close(1001, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

function capitalised(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}
