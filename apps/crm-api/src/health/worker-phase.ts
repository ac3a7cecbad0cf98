/**
 * Where a worker that leads here stands: `starting` until its source has started (the risk
 * monitor's start returns at once and connects in the background), `failing` once a start has
 * failed and is being retried, else `running`. Starting at boot makes the API unready (readiness
 * must not say 200 before the early warnings flow); failing only degrades it (Kafka down at boot:
 * commands still land in the store and wait).
 */
export type WorkerPhase = 'starting' | 'failing' | 'running';

export const workerPhaseOf = (status: Readonly<{ running: boolean; startError: string | null }>): WorkerPhase =>
  status.running ? 'running' : status.startError === null ? 'starting' : 'failing';
