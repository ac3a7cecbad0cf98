import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { auditBench } from './audit.bench';
import { batchesBench } from './batches.bench';
import { commandHandlingBench } from './command-handling.bench';
import { diskSyncBench } from './disk-sync.bench';
import { httpBench } from './http.bench';
import { ingestBench } from './ingest.bench';
import { kafkaRelayBench } from './kafka-relay.bench';
import { memoryBench } from './memory.bench';
import { postgresEventStoreBench } from './postgres-event-store.bench';
import { postgresProjectionBench } from './postgres-projection.bench';
import { projectionRebuildBench } from './projection-rebuild.bench';
import { queryLatencyBench } from './query-latency.bench';
import { ConsoleBenchReport, type Bench } from './report';
import { soakBench } from './soak.bench';
import { sqliteEventStoreBench } from './sqlite-event-store.bench';

/**
 * Every bench `npm run bench` runs, in order. Add yours here. Pass names as arguments to run only
 * those (`node dist/test/bench/run.js command-handling`); `--json <path>` sets where results go.
 */
const BENCHES: ReadonlyArray<Readonly<{ name: string; run: Bench }>> = [
  { name: 'disk', run: diskSyncBench },
  { name: 'command-handling', run: commandHandlingBench },
  { name: 'event-store', run: sqliteEventStoreBench },
  { name: 'projection-rebuild', run: projectionRebuildBench },
  { name: 'postgres-projection', run: postgresProjectionBench },
  { name: 'postgres', run: postgresEventStoreBench },
  { name: 'query-latency', run: queryLatencyBench },
  { name: 'audit', run: auditBench },
  { name: 'kafka', run: kafkaRelayBench },
  { name: 'http', run: httpBench },
  { name: 'batches', run: batchesBench },
  { name: 'ingest', run: ingestBench },
  { name: 'memory', run: memoryBench },
  { name: 'soak', run: soakBench },
];

async function main(argv: readonly string[]): Promise<void> {
  let jsonPath = join(process.cwd(), 'dist', 'bench', 'results.json');
  const selected: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === '--json') jsonPath = argv[++index] ?? jsonPath;
    else if (!argv[index].startsWith('--')) selected.push(argv[index]);
  }
  const unknown = selected.filter((name) => !BENCHES.some((bench) => bench.name === name));
  if (unknown.length > 0)
    throw new Error(`unknown bench ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);

  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: process.platform,
  };
  const report = new ConsoleBenchReport();
  process.stderr.write(`benchmarks on ${machine.cpus} × ${machine.cpuModel}, node ${machine.node}\n`);
  for (const bench of BENCHES) {
    if (selected.length > 0 && !selected.includes(bench.name)) continue;
    process.stderr.write(`${bench.name}\n`);
    await bench.run(report);
  }
  process.stdout.write(`\n${report.table()}\n\n`);
  report.writeJson(jsonPath, machine);
  process.stdout.write(`results: ${jsonPath}\n`);
  if (argv.includes('--print-json'))
    process.stdout.write(`${JSON.stringify({ machine, results: report.results }, null, 2)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
