import type { Lease, LeaseHolder } from './lease.port';
import { SingletonWorker, type LeaderWork } from './singleton-worker';

/**
 * The election loop on a lease whose answers the test sets; the real PostgreSQL and SQLite leases
 * are proved in libs/sql/src/leases and test/e2e.
 */
class ScriptedLease implements Lease {
  readonly name = 'relay';
  free = true;
  held = false;
  /** What the next confirm does: answer, refuse, or never answer. */
  confirmation: 'held' | 'lost' | 'hangs' = 'held';
  releases = 0;
  private lost: () => void = () => undefined;
  constructor(private readonly log?: string[]) {}
  onLost(listener: () => void): void {
    this.lost = listener;
  }
  /** The lease learns, between polls, that it is gone (a terminated session). */
  end(): void {
    this.held = false;
    this.lost();
  }
  tryAcquire(): Promise<boolean> {
    if (this.held) return Promise.resolve(true);
    this.held = this.free;
    return Promise.resolve(this.held);
  }
  confirm(): Promise<boolean> {
    if (this.confirmation === 'hangs') return new Promise(() => undefined);
    return Promise.resolve(this.held && this.confirmation === 'held');
  }
  holder(): Promise<LeaseHolder | null> {
    return Promise.resolve({ identity: 'other/1', since: '2026-12-02T10:00:00.000Z' });
  }
  release(): Promise<void> {
    if (this.held) this.log?.push('release');
    this.held = false;
    this.releases += 1;
    return Promise.resolve();
  }
}

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const options = { pollIntervalMs: 20, checkTimeoutMs: 100, identity: 'me/1', logger };

const until = async (condition: () => boolean): Promise<void> => {
  const deadline = Date.now() + 3000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const recording = (startFails = 0) => {
  const log: string[] = [];
  let failures = startFails;
  const work: LeaderWork = {
    start: () => {
      log.push('start');
      if (failures-- > 0) return Promise.reject(new Error('broker down'));
      return Promise.resolve();
    },
    stop: () => {
      log.push('stop');
      return Promise.resolve();
    },
  };
  return { log, work };
};

describe('SingletonWorker', () => {
  it('stands by while another holds the lease, showing who', async () => {
    const lease = new ScriptedLease();
    lease.free = false;
    const { log, work } = recording();
    const worker = new SingletonWorker(lease, work, options);
    await worker.start();
    await until(() => worker.status().holder !== null);
    expect(worker.status()).toEqual({
      worker: 'relay',
      role: 'standby',
      holder: { identity: 'other/1', since: '2026-12-02T10:00:00.000Z' },
      changes: 0,
    });
    lease.free = true;
    await until(() => worker.leading);
    expect(worker.status()).toMatchObject({ role: 'leader', holder: { identity: 'me/1' }, changes: 1 });
    await worker.stop();
    expect(log).toEqual(['start', 'stop']);
    expect(worker.status().role).toBe('stopped');
  });

  it('stops the work before releasing when the lease is lost, then stands again', async () => {
    const { log, work } = recording();
    const lease = new ScriptedLease(log);
    const worker = new SingletonWorker(lease, work, options);
    await worker.start();
    await until(() => worker.leading);
    lease.free = false;
    lease.confirmation = 'lost';
    await until(() => !worker.leading && lease.releases > 0);
    expect(log).toEqual(['start', 'stop', 'release']);
    lease.free = true;
    lease.confirmation = 'held';
    await until(() => worker.leading);
    expect(worker.status().changes).toBe(3);
    await worker.stop();
  });

  it('stops the work as soon as the lease reports its loss, without waiting for the next poll', async () => {
    const { log, work } = recording();
    const lease = new ScriptedLease(log);
    const worker = new SingletonWorker(lease, work, { ...options, pollIntervalMs: 60_000 });
    await worker.start();
    expect(worker.leading).toBe(true);
    lease.free = false;
    lease.end();
    await until(() => lease.releases > 0);
    expect(log).toEqual(['start', 'stop']);
    expect(worker.status()).toMatchObject({ role: 'standby', changes: 2 });
    await worker.stop();
    expect(log).toEqual(['start', 'stop']);
  });

  it('stops a worker whose lease is lost while it starts only once it has started', async () => {
    const log: string[] = [];
    let started: () => void = () => undefined;
    const work: LeaderWork = {
      start: () => {
        log.push('start begins');
        return new Promise<void>((resolve) => {
          started = () => {
            log.push('start ends');
            resolve();
          };
        });
      },
      stop: () => {
        log.push('stop');
        return Promise.resolve();
      },
    };
    const lease = new ScriptedLease();
    const worker = new SingletonWorker(lease, work, options);
    void worker.start();
    await until(() => log.length === 1);
    lease.free = false;
    lease.end();
    await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs * 2));
    expect(log).toEqual(['start begins']);
    started();
    await until(() => lease.releases > 0 && !worker.leading);
    expect(log).toEqual(['start begins', 'start ends', 'stop']);
    await worker.stop();
  });

  it('steps down once when the lease reports its loss while a confirm is refused', async () => {
    const { log, work } = recording();
    const lease = new ScriptedLease(log);
    const worker = new SingletonWorker(lease, work, options);
    await worker.start();
    lease.free = false;
    lease.confirmation = 'lost';
    lease.end();
    await until(() => lease.releases > 0);
    await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs * 3));
    expect(log).toEqual(['start', 'stop']);
    expect(worker.status().changes).toBe(2);
    await worker.stop();
  });

  it('steps down when confirming the lease takes longer than the check timeout', async () => {
    const lease = new ScriptedLease();
    const { log, work } = recording();
    const worker = new SingletonWorker(lease, work, options);
    await worker.start();
    await until(() => worker.leading);
    lease.free = false;
    lease.confirmation = 'hangs';
    const started = Date.now();
    await until(() => !worker.leading);
    expect(Date.now() - started).toBeLessThan(options.pollIntervalMs + options.checkTimeoutMs + 200);
    expect(log).toEqual(['start', 'stop']);
    await worker.stop();
  });

  it('gives the lease up when the work cannot start, and tries again', async () => {
    const lease = new ScriptedLease();
    const { log, work } = recording(1);
    const worker = new SingletonWorker(lease, work, options);
    await worker.start();
    await until(() => log.length >= 3 && worker.leading);
    expect(log).toEqual(['start', 'stop', 'start']);
    expect(lease.releases).toBeGreaterThanOrEqual(1);
    await worker.stop();
  });
});
