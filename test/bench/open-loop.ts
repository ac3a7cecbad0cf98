import { request, type Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Base } from './api-process';
import type { RequestShape } from './closed-loop';
import type { BenchReport } from './report';

/** Requests in flight before new ones are dropped (counted as errors), so an overloaded run stays bounded. */
const MAX_IN_FLIGHT = 2_000;
const REQUEST_TIMEOUT_MS = 5_000;

export type OpenLoopResult = Readonly<{
  /** Latency of each measured 2xx answer, from when its request was due (ms). */
  latencies: Float64Array;
  /** When each of those requests was due, from the start of the measured window (ms). */
  dueAt: Float64Array;
  seconds: number;
  errors: number;
  statuses: Record<string, number>;
}>;

export type OpenLoopOptions = Readonly<{
  agent: Agent;
  base: Base;
  rate: number;
  warmUpMs: number;
  measureMs: number;
  /** The next request (a random client, a fresh Idempotency-Key), made when it is due. */
  next: () => RequestShape;
  label: string;
  report: BenchReport;
  /** Told each outcome as it happens, warm-up included: a status code, `dropped` or `error`. */
  onOutcome?: (outcome: string) => void;
}>;

/**
 * Open loop: requests are sent on a fixed schedule, `rate` per second, whatever the answers do, and
 * each latency is measured from when the request was due, not when it left — otherwise a stalled
 * server would slow the generator down and hide its own stalls (coordinated omission). Requests
 * beyond the agent's sockets queue in it, and that wait counts. Only requests due in the measured
 * window are recorded; non-2xx answers, timeouts and drops count as errors and are left out of
 * the latencies. After the last request it waits (bounded) for the stragglers.
 */
export function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { agent, base, rate } = options;
  const interval = 1000 / rate;
  const total = Math.floor(((options.warmUpMs + options.measureMs) / 1000) * rate);
  const firstMeasured = Math.ceil((options.warmUpMs / 1000) * rate);
  const latencies = new Float64Array(total - firstMeasured);
  const dueAt = new Float64Array(total - firstMeasured);
  let recorded = 0;
  let errors = 0;
  const statuses: Record<string, number> = {};
  let inFlight = 0;
  let sent = 0;
  let lastDone = 0;
  const start = performance.now();
  const measureStart = start + firstMeasured * interval;

  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      const end = Math.max(lastDone, start + total * interval);
      resolve({
        latencies: latencies.slice(0, recorded),
        dueAt: dueAt.slice(0, recorded),
        seconds: (end - measureStart) / 1000,
        errors,
        statuses,
      });
    };
    const count = (key: string, measured: boolean) => {
      options.onOutcome?.(key);
      if (measured) statuses[key] = (statuses[key] ?? 0) + 1;
    };
    const fire = (n: number) => {
      const due = start + n * interval;
      const measured = n >= firstMeasured;
      if (inFlight >= MAX_IN_FLIGHT) {
        if (measured) errors += 1;
        count('dropped', measured);
        return;
      }
      inFlight += 1;
      const shape = options.next();
      const req = request(
        {
          ...base,
          method: shape.method,
          path: shape.path,
          agent,
          headers:
            shape.body === undefined
              ? shape.headers
              : { ...shape.headers, 'content-length': Buffer.byteLength(shape.body) },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            inFlight -= 1;
            const now = performance.now();
            lastDone = Math.max(lastDone, now);
            count(String(res.statusCode), measured);
            if (measured) {
              const status = res.statusCode ?? 0;
              if (status >= 200 && status < 300) {
                dueAt[recorded] = due - measureStart;
                latencies[recorded++] = now - due;
              } else errors += 1;
            }
            if (sent >= total && inFlight === 0) finish();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        inFlight -= 1;
        count('error', measured);
        if (measured) errors += 1;
        if (sent >= total && inFlight === 0) finish();
      });
      req.end(shape.body);
    };
    // A 1 ms timer sends whatever is due; a busier loop would take CPU from the server on a 2-core machine.
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) fire(sent++);
      options.report.progress(options.label, sent, total);
      if (sent < total) setTimeout(tick, 1);
      else if (inFlight === 0) finish();
      else setTimeout(finish, REQUEST_TIMEOUT_MS + 1_000);
    };
    tick();
  });
}
