import 'reflect-metadata';
import { ConfigError, loadConfig, type AppConfig } from '@crm/platform';
import { createCrmApi } from './bootstrap';

const readConfig = (): AppConfig => {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
};

const main = async (): Promise<void> => {
  const config = readConfig();
  const app = await createCrmApi(config);
  await app.listen(config.port, config.host);
};

void main();
