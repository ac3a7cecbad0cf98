import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { request, type Agent, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { BenchReport } from './report';
import { npmStartLaunch } from './npm-start-launch';

/** The built API (`npm run build` puts it here, beside the benches). */
export const API_MAIN = join(__dirname, '..', '..', 'apps', 'crm-api', 'src', 'main.js');

const REQUEST_TIMEOUT_MS = 5_000;
/** Health answers wait behind catch-up batches that hold the API's event loop for seconds. */
const HEALTH_TIMEOUT_MS = 30_000;

export type Base = Readonly<{ host: string; port: number }>;
export type Answer = Readonly<{ status: number; body: string }>;

export type ApiProcess = Readonly<{
  child: ChildProcess;
  base: Base;
  /** Null while it runs; once it has exited, why, with the tail of its stderr. */
  failure: () => string | null;
  /** SIGTERM (the API's graceful shutdown), SIGKILL if still there after 10 s. */
  stop: () => Promise<void>;
}>;

// By path, not through the @crm/testing barrel, which also holds jest-only helpers.
import { freePort } from '../../libs/testing/src/process-harness';

export { freePort };

/**
 * The API as its own process on a free loopback port, with dev tokens and no rate limit (one
 * bench user sends thousands of requests a second). `env` adds to or overrides that; `nodeFlags`
 * go before the script. Its stdout (pino's request log at LOG_LEVEL=info) goes to /dev/null: piping
 * it to the bench would make the load generator pay for reading it. Boot failures go to stderr,
 * whose tail is kept for the error message.
 */
export async function startApi(
  env: Readonly<Record<string, string>>,
  nodeFlags: readonly string[] = npmStartLaunch().nodeFlags,
): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeFlags, API_MAIN], {
    env: {
      // As npm start runs it (glibc malloc settings), unless the caller's environment says otherwise.
      ...npmStartLaunch().env,
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTH_DEV_TOKENS: 'true',
      RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderrTail: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail.push(chunk.toString());
    if (stderrTail.length > 40) stderrTail.shift();
  });
  let failure: string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      failure = `API exited (code ${String(code)}, signal ${String(signal)}); stderr: ${stderrTail.join('').slice(-2000) || '(empty)'}`;
      resolve();
    }),
  );
  return {
    child,
    base: { host: '127.0.0.1', port },
    failure: () => failure,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Interrupted (Ctrl-C, a timeout's SIGTERM): no API left running, no data left in `dir`. Returns
 * what removes the handlers once the bench has cleaned up after itself.
 */
export const cleanUpOnInterrupt = (api: () => ApiProcess | null, dir: string): (() => void) => {
  const onSignal = (signal: NodeJS.Signals) => {
    api()?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
};

export type Exchange = Readonly<{
  method: string;
  path: string;
  headers?: Readonly<Record<string, string | number>>;
  body?: string;
}>;

/** One request and its whole answer. */
export const exchange = (
  agent: Agent | undefined,
  base: Base,
  { method, path, headers = {}, body }: Exchange,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const req = request({ ...base, method, path, agent, headers, timeout: timeoutMs }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });

/** A JSON request, with a bearer token unless null. */
export const call = (
  agent: Agent | undefined,
  base: Base,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<Answer> => {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return exchange(
    agent,
    base,
    {
      method,
      path,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(payload === undefined
          ? {}
          : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
      },
      body: payload,
    },
    timeoutMs,
  );
};

/** A call that must succeed (2xx); anything else stops the bench with the answer. */
export async function send<T>(base: Base, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const answer = await call(undefined, base, method, path, token, body ?? (method === 'GET' ? undefined : {}));
  if (answer.status < 200 || answer.status >= 300)
    throw new Error(`${method} ${path}: ${answer.status} ${answer.body.slice(0, 300)}`);
  return (answer.body === '' ? undefined : JSON.parse(answer.body)) as T;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until /health/ready answers 200; throws with the API's stderr if it exits or takes too long. */
export async function waitForReady(api: ApiProcess, timeoutMs = 120_000): Promise<void> {
  const startedAt = Date.now();
  for (;;) {
    const failure = api.failure();
    if (failure !== null) throw new Error(`the API did not start: ${failure}`);
    if (Date.now() - startedAt > timeoutMs)
      throw new Error(`the API did not answer /health/ready within ${timeoutMs / 1000} s`);
    try {
      if ((await call(undefined, api.base, 'GET', '/health/ready', null, undefined, 2_000)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
}

type Ready = {
  details?: {
    projector?: { checkpoint?: string };
    riskMonitor?: { checkpoint?: string };
    eventStore?: { head?: string };
  };
};

/**
 * How long the head must stay still, with every checkpoint on it, before the workers count as
 * caught up. The risk monitor's catch-up writes events of its own (alerts, escalations), and the
 * risk-case keeper, which has no checkpoint in /health/ready, follows those with more (cases
 * opened, alerts joined): on a 20,000-client book ~18,500 of them over the two minutes after the
 * monitor first reached the head. A case measured then times that work, not the reads.
 */
const QUIET_MS = 5_000;

/**
 * Polls /health/ready until the projector's checkpoint, and the risk monitor's where this process
 * runs it on the store's log, equal the store head, and (with the risk monitor) the head has not
 * moved for QUIET_MS; returns the head. The monitor follows the log on its own and, on a long log,
 * finishes many minutes after the projector: measured before it, a case would time the API while
 * it is still working through history.
 */
export async function waitForCatchUp(
  api: ApiProcess,
  report: BenchReport,
  label: string,
  events: number,
  /** `riskMonitor: false` waits for the projector alone (a caller that times the two apart). */
  { timeoutMs = 30 * 60_000, riskMonitor = true }: Readonly<{ timeoutMs?: number; riskMonitor?: boolean }> = {},
): Promise<bigint> {
  const startedAt = Date.now();
  let saidAt = -1;
  let stillHead = '';
  let stillSince = 0;
  for (;;) {
    const failure = api.failure();
    if (failure !== null) throw new Error(`the API did not start: ${failure}`);
    // One bound for boot and catch-up: the API may not listen until its projector has caught up.
    if (Date.now() - startedAt > timeoutMs) throw new Error('the API did not start and catch up in time');
    try {
      const answer = await call(undefined, api.base, 'GET', '/health/ready', null, undefined, HEALTH_TIMEOUT_MS);
      const details = (JSON.parse(answer.body) as Ready).details;
      const checkpoint = details?.projector?.checkpoint;
      const monitor = riskMonitor ? details?.riskMonitor?.checkpoint : undefined;
      const head = details?.eventStore?.head;
      if (checkpoint !== undefined && head !== undefined) {
        const projecting = checkpoint !== head;
        report.progress(
          projecting ? `${label}: API projecting (events)` : `${label}: risk monitor following the log (events)`,
          Math.min(Number(projecting ? checkpoint : (monitor ?? head)), events),
          Math.max(Number(head), events),
        );
        const caughtUp = checkpoint === head && (monitor === undefined || monitor === head) && BigInt(head) > 0n;
        if (stillHead !== head) [stillHead, stillSince] = [head, Date.now()];
        if (caughtUp && (!riskMonitor || Date.now() - stillSince >= QUIET_MS)) return BigInt(head);
      }
    } catch {
      // Not listening yet, or busy: the projector's catch-up batches block the event loop for a while.
      // Said every 10 s: a log that is not a terminal gets every call as a line.
      const waited = Math.floor((Date.now() - startedAt) / 10_000) * 10;
      if (waited > saidAt) report.progress(`${label}: waiting for the API (${waited} s)`, 0, 1);
      saidAt = Math.max(saidAt, waited);
    }
    await sleep(500);
  }
}

export async function devToken(base: Base, role = 'admin'): Promise<string> {
  const answer = await call(undefined, base, 'POST', '/v1/dev/tokens', null, { sub: `bench-${role}`, role });
  if (answer.status !== 200 && answer.status !== 201)
    throw new Error(`dev token: ${answer.status} ${answer.body.slice(0, 300)}`);
  return (JSON.parse(answer.body) as { token: string }).token;
}

/** Entries the API's read audit has recorded but not yet written (its /metrics gauge); 0 without one. */
export async function auditBacklog(base: Base): Promise<number> {
  const answer = await call(undefined, base, 'GET', '/metrics', null, undefined, HEALTH_TIMEOUT_MS);
  const gauge = /^crm_audit_backlog_entries (\d+)/m.exec(answer.body);
  return gauge === null ? 0 : Number(gauge[1]);
}

/**
 * Waits (bounded) for the read audit to write its backlog; returns the seconds it took. A case
 * that reads many clients per request (a portfolio lists hundreds) records more entries than the
 * writer commits, and past AUDIT_MAX_BACKLOG client reads are refused (503): the next case must
 * not start in that state.
 */
export async function waitForAuditDrain(base: Base, timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  while ((await auditBacklog(base)) > 0) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`the read audit's backlog did not drain in ${timeoutMs / 1000} s`);
    await sleep(250);
  }
  return (Date.now() - started) / 1000;
}

/** Resident set size of a live process in MiB (Linux /proc), or null where there is none. */
export const rssMiB = (pid: number | undefined): number | null => {
  if (pid === undefined) return null;
  try {
    const line = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line === null ? null : Number(line[1]) / 1024;
  } catch {
    return null;
  }
};
