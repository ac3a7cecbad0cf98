import { resolve } from 'node:path';

/**
 * The standalone projector's settings. Read here, in one function, so it can be swapped for
 * `@crm/platform`'s validated config (which also demands API-only settings such as JWT_SECRET).
 * The read-model default is derived from SQLITE_PATH exactly as the platform config derives it,
 * so a separate projector writes the file the API reads.
 */
export type ProjectorConfig = Readonly<{
  sqlitePath: string;
  readModelPath: string;
  batchSize: number;
  progressEvery: number;
  logLevel: string;
}>;

const positiveInteger = (name: string, raw: string | undefined, fallback: number): number => {
  if (raw === undefined || raw === '') return fallback;
  if (!/^[1-9]\d{0,6}$/.test(raw)) throw new Error(`invalid configuration: ${name} must be a positive integer`);
  return Number(raw);
};

export const readProjectorConfig = (env: NodeJS.ProcessEnv = process.env): ProjectorConfig => {
  const sqlitePath = resolve(env.SQLITE_PATH || './data/crm.sqlite');
  return {
    sqlitePath,
    readModelPath: resolve(env.READ_MODEL_PATH || sqlitePath.replace(/(\.sqlite)?$/, '.read-models.sqlite')),
    batchSize: positiveInteger('PROJECTOR_BATCH_SIZE', env.PROJECTOR_BATCH_SIZE, 5000),
    progressEvery: positiveInteger('PROJECTOR_PROGRESS_EVERY', env.PROJECTOR_PROGRESS_EVERY, 50_000),
    logLevel: env.LOG_LEVEL || 'info',
  };
};
