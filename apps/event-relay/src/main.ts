import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { consoleDestination, LOG_REDACTION, shutdownTracing, startTracing } from '@crm/platform';
import { RelayWorker } from '@crm/messaging';
import { readEventRelayConfig } from './event-relay.config';
import { EventRelayModule } from './event-relay.module';

/**
 * Standalone event relay: follows the store's log and publishes it to Kafka. SIGTERM/SIGINT stop
 * it after the batch in flight; being killed outright is also safe, since the checkpoint moves
 * only after Kafka acknowledged a batch (the batch is sent again on restart).
 */
const main = async (): Promise<void> => {
  const config = readEventRelayConfig();
  const logger = pino(
    { level: config.logLevel, redact: LOG_REDACTION, base: { app: 'event-relay' } },
    consoleDestination(),
  );
  await startTracing(config.tracing);
  const app = await NestFactory.createApplicationContext(EventRelayModule.forRoot(config, logger), { logger: false });
  await app.init();
  const worker = app.get(RelayWorker);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'event relay stopping');
    app
      .close()
      .then(() => shutdownTracing())
      .then(() => {
        logger.info({ checkpoint: worker.status().checkpoint }, 'event relay stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error(
          { error: error instanceof Error ? error.message : 'unknown' },
          'event relay failed to stop cleanly',
        );
        process.exit(1);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};

main().catch((error: unknown) => {
  process.stderr.write(`event relay failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
