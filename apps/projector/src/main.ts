import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { consoleDestination, LOG_REDACTION } from '@crm/platform';
import { ProjectionRunner } from '@crm/read-models';
import { readProjectorConfig } from './projector.config';
import { ProjectorModule } from './projector.module';

/**
 * Standalone projector: no HTTP, just the log → read models loop. SIGTERM/SIGINT stop it after the
 * batch in flight commits; being killed outright is also safe, since each batch commits with its
 * checkpoint.
 */
const main = async (): Promise<void> => {
  const config = readProjectorConfig();
  const logger = pino(
    { level: config.logLevel, redact: LOG_REDACTION, base: { app: 'projector' } },
    consoleDestination(),
  );
  const app = await NestFactory.createApplicationContext(ProjectorModule.forRoot(config, logger), { logger: false });
  await app.init();
  const runner = app.get(ProjectionRunner);
  logger.info({ projection: runner.name, checkpoint: runner.checkpoint().toString() }, 'projector started');

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'projector stopping');
    app
      .close()
      .then(() => {
        logger.info({ checkpoint: runner.checkpoint().toString() }, 'projector stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ error: error instanceof Error ? error.message : 'unknown' }, 'projector failed to stop cleanly');
        process.exit(1);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};

main().catch((error: unknown) => {
  process.stderr.write(`projector failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
