import { handleCommand, StreamStateCache, type CommandContext, type EventStore } from '@crm/event-store';
import { benchContactDecider, benchLogContact, type BenchContactState } from './bench-contact.decider';
import { summariseLatency, type BenchReport } from './report';
import { withTempSqliteStore } from './temp-store';

const COMMANDS = 20_000;
const STREAMS = 1_000;
const CONCURRENCY = 16;

const context: CommandContext = {
  correlationId: 'bench-correlation',
  causationId: 'bench-causation',
  actor: { userId: 'rm-001', role: 'relationship_manager' },
};

/**
 * Single-event commands through handleCommand (load → decide → append) on a durable SQLite file,
 * one at a time and 16 in flight, each case on a fresh file with 20,000 commands over 1,000
 * streams; then the same with a StreamStateCache, which spares re-reading each stream.
 */
export async function commandHandlingBench(report: BenchReport): Promise<void> {
  for (const cached of [false, true]) {
    for (const concurrency of [1, CONCURRENCY]) {
      await withTempSqliteStore((store) =>
        runCommands(report, store, concurrency, concurrency === 1 ? 3_000 : 10_000, cached ? new StreamStateCache() : undefined),
      );
    }
  }
}

async function runCommands(
  report: BenchReport,
  store: EventStore,
  concurrency: number,
  target: number,
  cache: StreamStateCache<BenchContactState> | undefined,
): Promise<void> {
  const name = `${concurrency === 1 ? 'sequential' : `${concurrency} concurrent`}${cache ? ', state cache' : ''}`;
  const latencies = new Float64Array(COMMANDS);
  let next = 0;
  const label = `command-handling ${name}`;
  const worker = async () => {
    for (let n = next++; n < COMMANDS; n = next++) {
      const started = process.hrtime.bigint();
      // Consecutive commands go to different streams, so in-flight commands rarely share one.
      await handleCommand(store, `client-${n % STREAMS}`, benchContactDecider, benchLogContact(n), context, { cache });
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
    notes: `${STREAMS} streams of up to ${COMMANDS / STREAMS} events, synchronous=FULL`,
  });
}
