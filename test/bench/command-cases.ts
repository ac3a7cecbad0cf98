import { v7 as uuidv7 } from 'uuid';
import {
  clientDecider,
  clientStreamId,
  currentSchemaVersion,
  type ClientEvent,
  type ClientState,
  type ContactLogged,
  type LogContact,
  type ManagerSnapshot,
  type RegisterProspect,
} from '@crm/domain';
import {
  handleCommand,
  loadStream,
  type CommandContext,
  type EventStore,
  type NewEvent,
  type StreamStateCache,
} from '@crm/event-store';
import { formatRate, summariseLatency, type BenchReport, type BenchResult } from './report';
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
  absentUntil: null,
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

/**
 * Hot streams (issue 13): 16 commands in flight on a few clients' streams (1: every command on one
 * client, 20: the HTTP bench's spread). Fewer commands than the spread cases: a client's state
 * holds its contacts in a copy-on-write map, so each command on a client that already has
 * thousands of them costs more.
 */
export const HOT_COMMANDS = 4_000;
export const HOT_CONCURRENCY = 16;

/**
 * What is measured in each round, on the same store kind: the pipeline (handleCommand as the API
 * runs it, with the state cache); handleCommand as it was before issue 13 (one command at a time
 * per stream, each with its own append and commit); and the raw append of one event per call
 * (no load or decide), the store's own ceiling with group commit.
 */
export type HotStreamMode = 'pipeline' | 'one commit per command' | 'raw append';

export type HotStreamCase = Readonly<{ store: string; streams: number; notes: string }>;

export type HotStreamRun = Readonly<{ mode: HotStreamMode; seconds: number; latencies: Float64Array }>;

/** Registers the case's clients, then sends HOT_COMMANDS commands (or raw appends) 16 at a time. */
export async function runHotStream(
  report: BenchReport,
  store: EventStore,
  cache: StreamStateCache<ClientState>,
  mode: HotStreamMode,
  options: HotStreamCase,
): Promise<HotStreamRun> {
  for (let n = 0; n < options.streams; n++) {
    await handleCommand(store, clientStreamId(clientId(n)), clientDecider, register(n), context, { cache });
  }
  const label = `command-handling ${hotStreamName(options.streams, mode)} (${options.store})`;
  const send = hotStreamSender(store, cache, mode);
  const latencies = new Float64Array(HOT_COMMANDS);
  const started = process.hrtime.bigint();
  await inParallel(HOT_COMMANDS, HOT_CONCURRENCY, async (n) => {
    const t = process.hrtime.bigint();
    await send(clientStreamId(clientId(n % options.streams)), n);
    latencies[n] = Number(process.hrtime.bigint() - t) / 1e6;
    if (n % 500 === 0) report.progress(label, n, HOT_COMMANDS);
  });
  report.progress(label, HOT_COMMANDS, HOT_COMMANDS);
  return { mode, seconds: Number(process.hrtime.bigint() - started) / 1e9, latencies };
}

/** Records one round's runs, each noting the pipeline's ratio to the others in the same round. */
export function recordHotStreamRound(
  report: BenchReport,
  runs: readonly HotStreamRun[],
  options: HotStreamCase & Readonly<{ round: number }>,
): void {
  const rate = (mode: HotStreamMode) => {
    const run = runs.find((candidate) => candidate.mode === mode);
    return run === undefined ? Number.NaN : HOT_COMMANDS / run.seconds;
  };
  const pipeline = rate('pipeline');
  const ratios = `round ${options.round}: pipeline ÷ one commit per command ${(pipeline / rate('one commit per command')).toFixed(2)}, ÷ raw append ${(pipeline / rate('raw append')).toFixed(2)}`;
  for (const run of runs) {
    const result: BenchResult = {
      bench: 'command-handling',
      name: hotStreamName(options.streams, run.mode),
      store: options.store,
      operations: HOT_COMMANDS,
      unit: run.mode === 'raw append' ? 'events' : 'commands',
      seconds: run.seconds,
      perSecond: HOT_COMMANDS / run.seconds,
      latency: summariseLatency(run.latencies),
      notes: `client decider LogContact (raw: one ContactLogged per append, expected revision any); ${options.notes}; ${ratios} (pipeline ${formatRate(pipeline)}/s)`,
    };
    report.record(result);
  }
}

const hotStreamName = (streams: number, mode: HotStreamMode): string =>
  `${HOT_CONCURRENCY} concurrent on ${streams === 1 ? 'one stream' : `${streams} streams`}, ${mode === 'pipeline' ? 'state cache' : mode}`;

function hotStreamSender(
  store: EventStore,
  cache: StreamStateCache<ClientState>,
  mode: HotStreamMode,
): (streamId: string, n: number) => Promise<unknown> {
  switch (mode) {
    case 'pipeline':
      return (streamId, n) => handleCommand(store, streamId, clientDecider, logContact(n), context, { cache });
    case 'raw append':
      return (streamId, n) => store.appendToStream(streamId, [recorded(contactLogged(n))], { expectedRevision: 'any' });
    case 'one commit per command':
      return oneCommitPerCommand(store, cache);
  }
}

/**
 * handleCommand before issue 13, kept as the bench's baseline: commands on one stream wait for
 * each other (the stream lock), and each loads, decides and appends on its own, so each pays its
 * own commit. No retries: nothing else writes to the bench's store.
 */
function oneCommitPerCommand(
  store: EventStore,
  cache: StreamStateCache<ClientState>,
): (streamId: string, n: number) => Promise<unknown> {
  const tails = new Map<string, Promise<unknown>>();
  return (streamId, n) => {
    const run = (tails.get(streamId) ?? Promise.resolve()).then(async () => {
      const loaded = await loadStream(store, streamId, clientDecider, { cache });
      const events = clientDecider.decide(logContact(n), loaded.state);
      const appended = await store.appendToStream(streamId, events.map(recorded), {
        expectedRevision: loaded.revision < 0 ? 'no_stream' : loaded.revision,
      });
      const state = events.reduce(clientDecider.evolve, loaded.state);
      cache.set(streamId, { state, revision: appended.revision, position: appended.position });
    });
    const tail = run.catch(() => undefined);
    tails.set(streamId, tail);
    void tail.then(() => tails.get(streamId) === tail && tails.delete(streamId));
    return run;
  };
}

/** The event LogContact decides, without deciding it. */
const contactLogged = (n: number): ContactLogged => {
  const { contactId, managerId, channel, purpose, summary, occurredAt } = logContact(n).data;
  return { type: 'ContactLogged', data: { contactId, managerId, channel, purpose, summary, occurredAt } };
};

const recorded = (event: Pick<ClientEvent, 'type' | 'data'>): NewEvent => ({
  eventId: uuidv7(),
  type: event.type,
  data: event.data,
  schemaVersion: currentSchemaVersion(event.type),
  metadata: { occurredAt: NOW, ...context },
});
