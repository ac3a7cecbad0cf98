import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { IngestWorker } from '@crm/inbound';
import { consoleDestination, Leadership, LOG_REDACTION, shutdownTracing, startTracing } from '@crm/platform';
import { startHealthServer } from './health-server';
import { readIngestConfig } from './ingest.config';
import { IngestAppModule } from './ingest.app.module';

/**
 * Standalone ingest of crm.inbound.client-facts.v1. SIGTERM/SIGINT finish the facts in flight and
 * stop; being killed outright is also safe: offsets move after the facts are settled, a settled
 * fact is in the ledger, and an appended one is recognised by its derived event ids.
 */
const main = async (): Promise<void> => {
  const config = readIngestConfig();
  const logger = pino({ level: config.logLevel, redact: LOG_REDACTION, base: { app: 'ingest' } }, consoleDestination());
  await startTracing(config.tracing);
  const app = await NestFactory.createApplicationContext(IngestAppModule.forRoot(config, logger), { logger: false });
  await app.init();
  const worker = app.get(IngestWorker);
  const server = await startHealthServer(worker, app.get(Leadership), config.port, config.host);
  logger.info({ port: config.port }, 'ingest started');

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'ingest stopping');
    server.close();
    app
      .close()
      .then(() => shutdownTracing())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ error: error instanceof Error ? error.message : 'unknown' }, 'ingest failed to stop cleanly');
        process.exit(1);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};

main().catch((error: unknown) => {
  process.stderr.write(`ingest failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
