import { loadStorageConfig, parseInteger, type StorageConfig } from '@crm/platform';

/** The standalone projector's settings: the shared storage settings plus its batching. */
export type ProjectorConfig = StorageConfig &
  Readonly<{
    batchSize: number;
    progressEvery: number;
  }>;

export const readProjectorConfig = (env: NodeJS.ProcessEnv = process.env): ProjectorConfig => ({
  ...loadStorageConfig(env),
  batchSize: parseInteger('PROJECTOR_BATCH_SIZE', env.PROJECTOR_BATCH_SIZE, 5000, 1, 1_000_000),
  progressEvery: parseInteger('PROJECTOR_PROGRESS_EVERY', env.PROJECTOR_PROGRESS_EVERY, 50_000, 1, 100_000_000),
});
