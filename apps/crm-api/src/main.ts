import 'reflect-metadata';
import { createServer } from 'node:net';
import { ConfigError, DEV_JWT_SECRET, loadConfig, startTracing, type AppConfig } from '@crm/platform';
import { bootFailureLine } from './boot-failure';
import { createCrmApi } from './bootstrap';

/**
 * The configuration; production also refuses the development signing secret, which is in this
 * repository: anyone could mint tokens with it.
 */
const readConfig = (): AppConfig => {
  const config = loadConfig();
  if (config.nodeEnv === 'production' && config.jwtJwksUrl === null && config.jwtSecret === DEV_JWT_SECRET) {
    throw new ConfigError('JWT_SECRET', 'must not be the development secret when NODE_ENV=production');
  }
  return config;
};

/**
 * Fails at once when the port is taken, before the store is opened and the read path warmed
 * (a minute on a big store) only to find out at the end.
 */
const assertPortFree = (config: AppConfig): Promise<void> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(config.port, config.host, () => probe.close(() => resolve()));
  });

/** The workers this process runs: WORKERS, less the relay and the ingest when there is no Kafka to talk to. */
const workersHere = (config: AppConfig): string => {
  const running = config.workers.filter(
    (worker) => (worker !== 'relay' && worker !== 'ingest') || config.kafkaBrokers !== null,
  );
  return running.length > 0 ? running.join(', ') : 'none';
};

/** One line once serving: where, on which store, with which workers, and whether dev tokens are on. */
const listeningLine = (config: AppConfig, address: string): string =>
  `crm api listening on ${address}; event store ${config.eventStore}, read models ${config.readModelStore}, ` +
  `workers ${workersHere(config)}, development tokens ` +
  `${config.authDevTokens ? 'ON (anyone reaching this address can mint any role)' : 'off'}`;

let config: AppConfig | null = null;

const main = async (): Promise<void> => {
  config = readConfig();
  if (config.port !== 0) await assertPortFree(config);
  // Before the app is built: the workers it starts (relay, risk monitor) trace from their first batch.
  await startTracing(config.tracing);
  const app = await createCrmApi(config);
  await app.listen(config.port, config.host);
  app
    .getHttpAdapter()
    .getInstance()
    .log.info(listeningLine(config, await app.getUrl()));
};

// Every failure to start is one line on stderr naming the cause and what to do, never a stack.
main().catch((error: unknown) => {
  process.stderr.write(`${bootFailureLine(error, config)}\n`);
  process.exit(1);
});
