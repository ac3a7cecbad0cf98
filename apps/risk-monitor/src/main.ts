import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { consoleDestination, Leadership, LOG_REDACTION, shutdownTracing, startTracing } from '@crm/platform';
import { RiskMonitorWorker } from '@crm/risk';
import { startHealthServer } from './health-server';
import { readRiskMonitorConfig } from './risk-monitor.config';
import { RiskMonitorAppModule } from './risk-monitor.app.module';

/**
 * Standalone risk monitor. SIGTERM/SIGINT finish the inputs in flight and stop; being killed
 * outright is also safe: risk state is saved per input with the revision it includes, offsets
 * (or the log checkpoint) move after, and alert ids are derived, so a replayed input writes nothing.
 */
const main = async (): Promise<void> => {
  const config = readRiskMonitorConfig();
  const logger = pino(
    { level: config.logLevel, redact: LOG_REDACTION, base: { app: 'risk-monitor' } },
    consoleDestination(),
  );
  await startTracing(config.tracing);
  const app = await NestFactory.createApplicationContext(RiskMonitorAppModule.forRoot(config, logger), {
    logger: false,
  });
  await app.init();
  const worker = app.get(RiskMonitorWorker);
  const server = await startHealthServer(worker, app.get(Leadership), config.port, config.host);
  logger.info({ source: worker.status().source, port: config.port }, 'risk monitor started');

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'risk monitor stopping');
    server.close();
    app
      .close()
      .then(() => shutdownTracing())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error(
          { error: error instanceof Error ? error.message : 'unknown' },
          'risk monitor failed to stop cleanly',
        );
        process.exit(1);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};

main().catch((error: unknown) => {
  process.stderr.write(`risk monitor failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
