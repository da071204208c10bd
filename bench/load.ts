/** Requests to a gateway: one at a time (`post`) or as load from autocannon (`cannon`). */
import autocannon from 'autocannon';

export interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: unknown[];
}

export async function post(
  url: string,
  body: string,
): Promise<{ status: number; json: GraphQLResponse }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, json: (await response.json()) as GraphQLResponse };
}

/** autocannon's result, plus every 2xx response time (ms, sub-millisecond precision). */
export type CannonResult = autocannon.Result & { latencies: number[] };

export function cannon(url: string, options: Partial<autocannon.Options>): Promise<CannonResult> {
  return new Promise((resolvePromise, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        timeout: 30,
        ...options,
      } as autocannon.Options,
      (error, result) => (error ? reject(error) : resolvePromise({ ...result, latencies })),
    );
    // autocannon's histogram keeps whole milliseconds; at 40 ms a millisecond is 2.5 %.
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
    // Bounded: a stuck run is stopped after its duration plus a margin.
    const limitMs = ((options.duration as number | undefined) ?? 120) * 1000 + 60_000;
    const timer = setTimeout(() => instance.stop(), limitMs);
    instance.on('done', () => clearTimeout(timer));
  });
}
