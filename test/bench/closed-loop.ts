import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { Base } from './api-process';

/** One request of a closed-loop run, made fresh for every request (a random client, a new key). */
export type RequestShape = Readonly<{
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers: Readonly<Record<string, string>>;
  body?: string;
}>;

export type ClosedLoopResult = Readonly<{
  /** Latency of every 2xx answer in ms, from when autocannon wrote the request. */
  latencies: Float64Array;
  ok: number;
  seconds: number;
  /** Non-2xx answers, socket errors and timeouts. */
  errors: number;
  statuses: Record<string, number>;
}>;

/**
 * Closed loop: `connections` keep-alive connections, each sending its next request as soon as
 * the previous one is answered, for `seconds`. autocannon (raw sockets and a small HTTP parser)
 * costs the generator far less per request than node:http, which matters when it shares the
 * machine's two cores with the server.
 */
export function closedLoop(
  base: Base,
  connections: number,
  seconds: number,
  next: () => RequestShape,
): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://${base.host}:${base.port}`,
        connections,
        duration: seconds,
        // autocannon stops at the first sample tick after `duration`: ticks every 100 ms keep a
        // short slice short.
        sampleInt: 100,
        timeout: 10,
        requests: [{ setupRequest: (request) => ({ ...request, ...next() }) }],
      },
      (error, result) => {
        if (error !== null) return reject(error);
        // autocannon counts a timeout as an error too.
        if (result.errors > result.timeouts) statuses.error = result.errors - result.timeouts;
        if (result.timeouts > 0) statuses.timeout = result.timeouts;
        resolve({
          latencies: Float64Array.from(latencies),
          ok: latencies.length,
          seconds: (performance.now() - started) / 1000,
          errors: result.non2xx + result.errors,
          statuses,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}
