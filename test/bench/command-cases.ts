import {
  clientDecider,
  clientStreamId,
  type ClientState,
  type LogContact,
  type ManagerSnapshot,
  type RegisterProspect,
} from '@crm/domain';
import { handleCommand, type CommandContext, type EventStore, type StreamStateCache } from '@crm/event-store';
import { summariseLatency, type BenchReport } from './report';
import { inParallel } from './store-cases';

/**
 * Single-event commands through handleCommand (load → decide → append) with the real client
 * decider: 1,000 registered clients receive 20,000 LogContact commands. Shared by every store's
 * bench so their figures compare.
 */
export const COMMANDS = 20_000;
export const CLIENTS = 1_000;

const actor = { userId: 'rm-001', role: 'relationship_manager' } as const;
const context: CommandContext = { correlationId: 'bench-correlation', causationId: 'bench-causation', actor };
const manager: ManagerSnapshot = {
  managerId: 'M-1',
  name: 'Bench Manager',
  branchId: 'BR-1',
  level: 'senior',
  active: true,
};
const NOW = '2026-06-01T00:00:00.000Z';

const clientId = (n: number): string => `00000000-0000-4000-8000-${String(n % CLIENTS).padStart(12, '0')}`;

const register = (n: number): RegisterProspect => ({
  type: 'RegisterProspect',
  data: {
    clientId: clientId(n),
    branchId: 'BR-1',
    segment: 'sme',
    industry: 'retail',
    legalName: `Client ${n}`,
    registrationNo: `REG-${n}`,
    contact: { phone: '+8612345678' },
    source: 'bench',
  },
  metadata: { now: NOW, actor },
});

const logContact = (n: number): LogContact => ({
  type: 'LogContact',
  data: {
    contactId: `contact-${n}`,
    managerId: manager.managerId,
    manager,
    channel: 'call',
    purpose: 'consultation',
    summary: `call ${n}`,
    occurredAt: NOW,
  },
  metadata: { now: NOW, actor },
});

export async function registerClients(
  store: EventStore,
  concurrency: number,
  cache?: StreamStateCache<ClientState>,
): Promise<void> {
  await inParallel(CLIENTS, concurrency, (n) =>
    handleCommand(store, clientStreamId(clientId(n)), clientDecider, register(n), context, { cache }),
  );
}

export type CommandCase = Readonly<{
  store: string;
  concurrency: number;
  target?: number;
  cache?: StreamStateCache<ClientState>;
  notes: string;
}>;

export async function runCommands(report: BenchReport, store: EventStore, options: CommandCase): Promise<void> {
  const { concurrency, cache } = options;
  const name = `${concurrency === 1 ? 'sequential' : `${concurrency} concurrent`}${cache ? ', state cache' : ''}`;
  const label = `command-handling ${name}`;
  const latencies = new Float64Array(COMMANDS);
  const started = process.hrtime.bigint();
  await inParallel(COMMANDS, concurrency, async (n) => {
    const t = process.hrtime.bigint();
    // Consecutive commands go to different clients, so in-flight commands rarely share a stream.
    await handleCommand(store, clientStreamId(clientId(n)), clientDecider, logContact(n), context, { cache });
    latencies[n] = Number(process.hrtime.bigint() - t) / 1e6;
    if (n % 500 === 0) report.progress(label, n, COMMANDS);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report.progress(label, COMMANDS, COMMANDS);
  report.record({
    bench: 'command-handling',
    name,
    store: options.store,
    operations: COMMANDS,
    unit: 'commands',
    seconds,
    perSecond: COMMANDS / seconds,
    latency: summariseLatency(latencies),
    target: options.target,
    notes: `client decider LogContact, ${CLIENTS} clients; ${options.notes}`,
  });
}
