import 'reflect-metadata';
import { ConfigError, DEV_JWT_SECRET, loadConfig, startTracing, type AppConfig } from '@crm/platform';
import { createCrmApi } from './bootstrap';

/**
 * The configuration, or exit 1 with one line naming the variable at fault (never its value).
 * Production also refuses the development signing secret, which is in this repository: anyone
 * could mint tokens with it.
 */
const readConfig = (): AppConfig => {
  try {
    const config = loadConfig();
    if (config.nodeEnv === 'production' && config.jwtJwksUrl === null && config.jwtSecret === DEV_JWT_SECRET) {
      throw new ConfigError('JWT_SECRET', 'must not be the development secret when NODE_ENV=production');
    }
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
};

const main = async (): Promise<void> => {
  const config = readConfig();
  // Before the app is built: the workers it starts (relay, risk monitor) trace from their first batch.
  await startTracing(config.tracing);
  const app = await createCrmApi(config);
  await app.listen(config.port, config.host);
};

// A bad file the API reads at boot (risk rules, bank calendar) stops it with the error's message,
// which names the file, as the other apps do, rather than with a stack trace.
main().catch((error: unknown) => {
  process.stderr.write(`crm api failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
