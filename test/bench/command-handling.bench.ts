import { clientDecider, clientStreamId, type ClientState, type LogContact, type ManagerSnapshot, type RegisterProspect } from '@crm/domain';
import { handleCommand, StreamStateCache, type CommandContext, type EventStore } from '@crm/event-store';
import { summariseLatency, type BenchReport } from './report';
import { withTempSqliteStore } from './temp-store';

const COMMANDS = 20_000;
const CLIENTS = 1_000;
const CONCURRENCY = 16;

const actor = { userId: 'rm-001', role: 'relationship_manager' } as const;
const context: CommandContext = { correlationId: 'bench-correlation', causationId: 'bench-causation', actor };
const manager: ManagerSnapshot = { managerId: 'M-1', name: 'Bench Manager', branchId: 'BR-1', level: 'senior', active: true };
const NOW = '2026-06-01T00:00:00.000Z';

const clientId = (n: number): string => `00000000-0000-4000-8000-${String(n % CLIENTS).padStart(12, '0')}`;

const register = (n: number): RegisterProspect => ({
  type: 'RegisterProspect',
  data: {
    clientId: clientId(n), branchId: 'BR-1', segment: 'sme', industry: 'retail', legalName: `Client ${n}`,
    registrationNo: `REG-${n}`, contact: { phone: '+8612345678' }, source: 'bench',
  },
  metadata: { now: NOW, actor },
});

const logContact = (n: number): LogContact => ({
  type: 'LogContact',
  data: {
    contactId: `contact-${n}`, managerId: manager.managerId, manager, channel: 'call', purpose: 'consultation',
    summary: `call ${n}`, occurredAt: NOW,
  },
  metadata: { now: NOW, actor },
});

/**
 * Single-event commands through handleCommand (load → decide → append) with the real client
 * decider (LogContact), on a durable SQLite file: one at a time and 16 in flight, each case on a
 * fresh file of 1,000 registered clients receiving 20,000 contacts; then the same with the
 * StreamStateCache the API uses, which spares re-reading each stream.
 */
export async function commandHandlingBench(report: BenchReport): Promise<void> {
  for (const cached of [false, true]) {
    for (const concurrency of [1, CONCURRENCY]) {
      await withTempSqliteStore(async (store) => {
        for (let n = 0; n < CLIENTS; n++) await handleCommand(store, clientStreamId(clientId(n)), clientDecider, register(n), context);
        await runCommands(report, store, concurrency, concurrency === 1 ? 3_000 : 10_000, cached ? new StreamStateCache() : undefined);
      });
    }
  }
}

async function runCommands(
  report: BenchReport,
  store: EventStore,
  concurrency: number,
  target: number,
  cache: StreamStateCache<ClientState> | undefined,
): Promise<void> {
  const name = `${concurrency === 1 ? 'sequential' : `${concurrency} concurrent`}${cache ? ', state cache' : ''}`;
  const latencies = new Float64Array(COMMANDS);
  let next = 0;
  const label = `command-handling ${name}`;
  const worker = async () => {
    for (let n = next++; n < COMMANDS; n = next++) {
      const started = process.hrtime.bigint();
      // Consecutive commands go to different clients, so in-flight commands rarely share a stream.
      await handleCommand(store, clientStreamId(clientId(n)), clientDecider, logContact(n), context, { cache });
      latencies[n] = Number(process.hrtime.bigint() - started) / 1e6;
      if (n % 500 === 0) report.progress(label, n, COMMANDS);
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report.progress(label, COMMANDS, COMMANDS);
  report.record({
    bench: 'command-handling',
    name,
    store: 'sqlite',
    operations: COMMANDS,
    unit: 'commands',
    seconds,
    perSecond: COMMANDS / seconds,
    latency: summariseLatency(latencies),
    target,
    notes: `client decider LogContact, ${CLIENTS} clients, up to ${1 + COMMANDS / CLIENTS} events each, synchronous=FULL`,
  });
}
