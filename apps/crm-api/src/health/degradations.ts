import type { StorageFault } from './storage-faults';

/** What the readiness check is told about the parts that never make the API unready. */
export type DegradationInputs = Readonly<{
  /** The in-process relay, when it runs here. */
  relay?: Readonly<{ startError: string | null; lastError: string | null; failingSince: string | null }>;
  /** The in-process risk monitor, when it runs here. */
  riskMonitor?: Readonly<{ startError: string | null; parkedClients: number }>;
  auditSaturated: boolean;
  /** False when the readiness probe of the event store failed for a resource fault. */
  storeAnswers?: boolean;
  /** The last write refused for want of storage, while no write has succeeded since. */
  storageFault?: StorageFault | null;
  /** The in-process projector fails while storage is at fault (else it makes the API unready). */
  projectorStalled?: boolean;
}>;

/**
 * The causes of a degraded but ready API, one line each, worded for an operator: what is not
 * working and what users see of it. Causes only, never an error's own text (it may name hosts).
 */
export const degradationsOf = ({
  relay,
  riskMonitor,
  auditSaturated,
  storeAnswers = true,
  storageFault = null,
  projectorStalled = false,
}: DegradationInputs): string[] => {
  const causes: string[] = [];
  if (!storeAnswers) causes.push('database: does not answer; writes are refused (503) until it returns');
  if (storageFault?.code === 'STORAGE.FULL')
    causes.push(`storage: full since ${storageFault.since}; writes are refused (507) until space is freed`);
  if (projectorStalled) causes.push('projector: stalled on storage; views show what was projected before');
  if (relay?.startError != null)
    causes.push('relay: not started (Kafka unreachable at boot); events wait in the store');
  else if (relay?.lastError != null) {
    causes.push(
      `relay: Kafka does not acknowledge${relay.failingSince === null ? '' : ` since ${relay.failingSince}`}; events wait in the store`,
    );
  }
  if (riskMonitor?.startError != null) causes.push('risk monitor: not started; no early warnings are raised');
  if (riskMonitor !== undefined && riskMonitor.parkedClients > 0) {
    causes.push(`risk monitor: ${riskMonitor.parkedClients} clients parked; their early warnings wait`);
  }
  if (auditSaturated) causes.push('read audit: backlog full; client reads are refused until it drains');
  return causes;
};
