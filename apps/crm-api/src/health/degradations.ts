/** What the readiness check is told about the parts that never make the API unready. */
export type DegradationInputs = Readonly<{
  /** The in-process relay, when it runs here. */
  relay?: Readonly<{ startError: string | null; lastError: string | null; failingSince: string | null }>;
  /** The in-process risk monitor, when it runs here. */
  riskMonitor?: Readonly<{ startError: string | null; parkedClients: number }>;
  auditSaturated: boolean;
}>;

/**
 * The causes of a degraded but ready API, one line each, worded for an operator: what is not
 * working and what users see of it. Causes only, never an error's own text (it may name hosts).
 */
export const degradationsOf = ({ relay, riskMonitor, auditSaturated }: DegradationInputs): string[] => {
  const causes: string[] = [];
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
