import { send, type Base } from './api-process';
import type { BareServer } from './bare-http-server';
import type { RequestShape } from './closed-loop';
import { measureAgainstBare } from './http-against-bare';
import { monotonicUs } from './http-reads';
import type { HttpBenchSettings } from './http-settings';
import type { BenchReport } from './report';

export const BENCH_MANAGER = { managerId: 'M-BENCH', name: 'Bench Manager', branchId: 'BR-BENCH', level: 'senior' };
const SET_UP_PARALLEL = 8;

/** Registers `count` clients (and converts them) through the API; returns their ids. */
export async function registerClients(
  base: Base,
  token: string,
  count: number,
  tag: string,
  afterConversion?: (clientId: string) => Promise<void>,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += SET_UP_PARALLEL) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(SET_UP_PARALLEL, count - i) }, async (_, j) => {
        const n = i + j;
        const { id } = await send<{ id: string }>(base, token, 'POST', '/v1/clients', {
          branchId: BENCH_MANAGER.branchId,
          segment: 'sme',
          industry: 'retail',
          legalName: `Bench ${tag} ${n} Trading Co., Ltd.`,
          registrationNo: `91310000${tag.slice(0, 4).toUpperCase()}${String(n).padStart(6, '0')}`,
          contact: { phone: '+86 21 5555 0100' },
          source: 'bench',
        });
        await send(base, token, 'POST', `/v1/clients/${id}/conversion`, {});
        await afterConversion?.(id);
        return id;
      }),
    );
    ids.push(...batch);
  }
  return ids;
}

/** A LogContact request's body; any past instant will do. */
export const contactBody = (): string =>
  JSON.stringify({
    managerId: BENCH_MANAGER.managerId,
    channel: 'call',
    purpose: 'relationship',
    summary: 'Discussed working-capital needs for Q3.',
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
  });

export type MeasuredWindow = Readonly<{ fromUs: number; toUs: number }>;

/**
 * `POST /v1/clients/:id/contacts` at 16 connections: over `clients` (each request a random one of
 * them) and on one client, each with a fresh Idempotency-Key (README: what makes a retry safe)
 * unless the settings turn keys off. Targets from the issue. Returns the first case's measured
 * window (on the monotonic clock a CPU profile uses), so a profile can be cut to it.
 */
export async function contactCases(
  report: BenchReport,
  settings: HttpBenchSettings,
  bare: BareServer,
  base: Base,
  token: string,
  clients: readonly string[],
  store: 'sqlite' | 'postgres',
  oneClient: boolean,
): Promise<MeasuredWindow> {
  const runId = `${process.pid}-${store}-${Date.now()}`;
  let window: MeasuredWindow = { fromUs: 0, toUs: 0 };
  let sent = 0;
  let turn = 0;
  // One body for all, so the generator does not build JSON per request.
  const body = contactBody();
  const contact = (clientId: string): RequestShape => ({
    method: 'POST',
    path: `/v1/clients/${clientId}/contacts`,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(settings.idempotencyKeys ? { 'idempotency-key': `bench-${runId}-${++sent}` } : {}),
    },
    body,
  });
  const label = store === 'sqlite' ? 'sqlite (durable)' : 'postgres';
  const keys = settings.idempotencyKeys ? 'a fresh Idempotency-Key each' : 'no Idempotency-Key';
  await measureAgainstBare(report, settings, bare, base, {
    name: `POST /v1/clients/:id/contacts, 16 connections over ${clients.length} clients`,
    store: label,
    unit: 'commands',
    connections: 16,
    next: () => contact(clients[turn++ % clients.length]),
    target: { perSecond: store === 'sqlite' ? 1_500 : 1_200 },
    notes: `${keys}; WORKERS=all (projector and risk monitor follow the log in the API process)`,
    onMeasure: (phase) => {
      if (phase === 'start') window = { fromUs: monotonicUs(), toUs: 0 };
      else window = { ...window, toUs: monotonicUs() };
      return undefined;
    },
  });
  if (!oneClient) return window;
  await measureAgainstBare(report, settings, bare, base, {
    name: 'POST /v1/clients/:id/contacts, 16 connections on one client',
    store: label,
    unit: 'commands',
    connections: 16,
    next: () => contact(clients[0]),
    target: { perSecond: 1_000 },
    notes: `${keys}; every command on the same stream`,
  });
  return window;
}
