/**
 * Request/response over a child process' IPC channel, both ends. Every message carries an id;
 * every wait is bounded by a timeout, so a dead child never hangs the benchmark.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';

export interface IpcRequest {
  id: number;
  type: string;
  [key: string]: unknown;
}

interface IpcReply {
  id: number;
  result?: unknown;
  error?: string;
}

/** The child side: answers each request with what `handler` returns (or throws). */
export function serveIpc(handler: (request: IpcRequest) => unknown): void {
  if (!process.send)
    throw new Error('this module must be started by bench/run.ts (no IPC channel)');
  process.on('message', (message: IpcRequest) => {
    void (async () => {
      let reply: IpcReply;
      try {
        reply = { id: message.id, result: await handler(message) };
      } catch (error) {
        reply = { id: message.id, error: error instanceof Error ? error.message : String(error) };
      }
      process.send?.(reply);
    })();
  });
  // The parent going away ends the child: nothing outlives the benchmark.
  process.on('disconnect', () => process.exit(0));
}

export interface Child {
  process: ChildProcess;
  call<T = unknown>(
    type: string,
    payload?: Record<string, unknown>,
    timeoutMs?: number,
  ): Promise<T>;
  /** Asks the child to exit and waits (bounded) for it; kills it after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartChildOptions {
  /** Extra node flags (e.g. --cpu-prof). */
  execArgv?: string[];
  /** The module is TypeScript: run it through tsx (`--import tsx`). @default true */
  typescript?: boolean;
  env?: Record<string, string>;
  /** Where the child's stdout/stderr go: a file descriptor, or 'ignore' / 'inherit'. */
  stdout?: number | 'ignore' | 'inherit';
  /** Waits for the child's first message `{ ready: … }` at most this long. */
  readyTimeoutMs?: number;
}

/** Forks `module` (TypeScript through tsx, or JavaScript) and resolves with its `ready` payload. */
export async function startChild<Ready>(
  module: string,
  args: string[],
  options: StartChildOptions = {},
): Promise<{ child: Child; ready: Ready }> {
  const out = options.stdout ?? 'ignore';
  const proc = fork(module, args, {
    execArgv: [
      ...(options.typescript === false ? [] : ['--import', 'tsx']),
      ...(options.execArgv ?? []),
    ],
    env: { ...process.env, ...options.env },
    stdio: [
      'ignore',
      out,
      out === 'ignore' ? 'inherit' : out, // errors stay visible
      'ipc',
    ],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let readyResolve: (value: Ready) => void = () => undefined;
  let readyReject: (error: Error) => void = () => undefined;
  const readyPromise = new Promise<Ready>((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });
  proc.on('message', (message: IpcReply & { ready?: Ready }) => {
    if (message.ready !== undefined) {
      readyResolve(message.ready);
      return;
    }
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error !== undefined) waiter.reject(new Error(message.error));
    else waiter.resolve(message.result);
  });
  proc.on('exit', (code, signal) => {
    const error = new Error(`${module} exited (code ${code}, signal ${signal})`);
    readyReject(error);
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  });

  const readyTimeout = options.readyTimeoutMs ?? 60_000;
  const timer = setTimeout(
    () => readyReject(new Error(`${module} not ready within ${readyTimeout} ms`)),
    readyTimeout,
  );
  let ready: Ready;
  try {
    ready = await readyPromise;
  } catch (error) {
    proc.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }

  const child: Child = {
    process: proc,
    call<T>(type: string, payload: Record<string, unknown> = {}, timeoutMs = 120_000) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timeout = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${module}: no answer to ${type} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timeout);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timeout);
            reject(error);
          },
        });
        proc.send({ ...payload, id, type } satisfies IpcRequest);
      });
    },
    async stop(graceMs = 10_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = once(proc, 'exit');
      proc.send({ id: 0, type: 'exit' } satisfies IpcRequest);
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  return { child, ready };
}

/** Sends the child's `ready` message. */
export function signalReady(payload: unknown): void {
  process.send?.({ ready: payload });
}
