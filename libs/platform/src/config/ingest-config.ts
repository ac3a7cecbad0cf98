import { resolve } from 'node:path';
import { parseInteger } from './config-parsing';

/** How the ingest (apps/ingest, or the API's in-process worker) keeps its ledger and waits for unknown clients. */
export type IngestConfig = Readonly<{
  /** SQLite file of the facts settled and parked (beside the store by default). */
  ingestLedgerPath: string;
  /** How long a fact about a client the CRM does not know yet is held before it is dead-lettered. */
  ingestParkMs: number;
  /** How often parked facts are tried again. */
  ingestParkRetryMs: number;
}>;

export const loadIngestConfig = (env: NodeJS.ProcessEnv = process.env): IngestConfig => {
  const sqlitePath = env.SQLITE_PATH || './data/crm.sqlite';
  return {
    ingestLedgerPath: resolve(env.INGEST_LEDGER_PATH || sqlitePath.replace(/(\.sqlite)?$/, '.ingest.sqlite')),
    ingestParkMs: parseInteger('INGEST_PARK_MS', env.INGEST_PARK_MS, 600_000, 0, 7 * 86_400_000),
    ingestParkRetryMs: parseInteger('INGEST_PARK_RETRY_MS', env.INGEST_PARK_RETRY_MS, 5_000, 100, 3_600_000),
  };
};
