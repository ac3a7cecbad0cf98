import { handleCommand, type CommandContext, type EventStore } from '@crm/event-store';
import { benchContactDecider, benchLogContact } from './bench-contact.decider';
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
 * Single-event commands through handleCommand (load → decide → append) on a durable SQLite file:
 * first one at a time, then 16 in flight, each run spread over 1,000 streams.
 */
export async function commandHandlingBench(report: BenchReport): Promise<void> {
  await withTempSqliteStore(async (store) => {
    await runCommands(report, store, 'sequential', 1, 3_000);
    await runCommands(report, store, `${CONCURRENCY} concurrent`, CONCURRENCY, 10_000);
  });
}

async function runCommands(
  report: BenchReport,
  store: EventStore,
  name: string,
  concurrency: number,
  target: number,
): Promise<void> {
  const latencies = new Float64Array(COMMANDS);
  let next = 0;
  const label = `command-handling ${name}`;
  const worker = async () => {
    for (let n = next++; n < COMMANDS; n = next++) {
      const started = process.hrtime.bigint();
      // Consecutive commands go to different streams, so in-flight commands rarely share one.
      await handleCommand(store, `client-${n % STREAMS}`, benchContactDecider, benchLogContact(n), context);
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
    notes: `${STREAMS} streams, synchronous=FULL`,
  });
}
