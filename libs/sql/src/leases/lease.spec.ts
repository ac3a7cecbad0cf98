import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { SingletonWorker, type Lease, type LeaderWork } from '@crm/platform';
import { createTestSchema, describeWithPostgres, eventually, POSTGRES_TEST_URL } from '@crm/testing';
import { ADVISORY_LOCK_HOLDERS_SQL, workerLeaseKey } from '../advisory-locks';
import { PostgresLease } from './postgres.lease';
import { SqliteLease } from './sqlite.lease';

const quietLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** How long `condition` took to hold (it fails after `timeoutMs`). */
const waitFor = async (condition: () => boolean, timeoutMs: number): Promise<number> => {
  const started = Date.now();
  await eventually(condition, timeoutMs);
  return Date.now() - started;
};

/** A worker that records its terms, and whether two ever overlapped. */
class RecordingWork implements LeaderWork {
  static running = 0;
  static overlapped = false;
  running = false;
  terms = 0;
  start(): Promise<void> {
    this.running = true;
    this.terms += 1;
    RecordingWork.running += 1;
    if (RecordingWork.running > 1) RecordingWork.overlapped = true;
    return Promise.resolve();
  }
  stop(): Promise<void> {
    if (this.running) RecordingWork.running -= 1;
    this.running = false;
    return Promise.resolve();
  }
}

/** What every lease must do, on its real backend. `open` gives a lease of one name, as another replica would. */
const leaseContract = (open: (identity: string) => Lease): void => {
  const opened: Lease[] = [];
  const lease = (identity: string): Lease => {
    const made = open(identity);
    opened.push(made);
    return made;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((made) => made.release()));
    RecordingWork.running = 0;
    RecordingWork.overlapped = false;
  });

  it('is held by one at a time and says by whom', async () => {
    const first = lease('host-a/1');
    const second = lease('host-b/2');
    expect(await first.tryAcquire()).toBe(true);
    expect(await first.tryAcquire()).toBe(true);
    expect(await second.tryAcquire()).toBe(false);
    expect(await first.confirm()).toBe(true);
    expect(await second.confirm()).toBe(false);
    expect(await second.holder()).toEqual({ identity: 'host-a/1', since: expect.any(String) });
  });

  it('is free for another as soon as its holder releases it', async () => {
    const first = lease('host-a/1');
    const second = lease('host-b/2');
    expect(await first.tryAcquire()).toBe(true);
    await first.release();
    expect(await first.confirm()).toBe(false);
    expect(await second.tryAcquire()).toBe(true);
    expect(await first.tryAcquire()).toBe(false);
  });

  it('runs the work on one candidate only, and on a standby once the leader stops', async () => {
    const options = { pollIntervalMs: 100, checkTimeoutMs: 2000, logger: quietLogger };
    const works = [new RecordingWork(), new RecordingWork(), new RecordingWork()];
    const workers = works.map(
      (work, index) => new SingletonWorker(lease(`host/${index}`), work, { ...options, identity: `host/${index}` }),
    );
    await Promise.all(workers.map((worker) => worker.start()));
    await waitFor(() => works.some((work) => work.running), 5000);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(works.filter((work) => work.running)).toHaveLength(1);
    const leader = workers.find((worker) => worker.leading) as SingletonWorker;
    const standby = workers.find((worker) => !worker.leading) as SingletonWorker;
    expect(standby.status()).toMatchObject({ role: 'standby', holder: { identity: leader.status().holder?.identity } });

    await leader.stop();
    expect(leader.status().role).toBe('stopped');
    const tookOverMs = await waitFor(() => works.filter((work) => work.running).length === 1, 5000);
    expect(tookOverMs).toBeLessThan(1000);
    await Promise.all(workers.map((worker) => worker.stop()));
    expect(works.every((work) => !work.running)).toBe(true);
    expect(RecordingWork.overlapped).toBe(false);
  });
};

describe('SqliteLease (lock files of the embedded default)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'crm-leases-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const stem = join(directory, 'crm');
  leaseContract((identity) => new SqliteLease('relay', { stem, identity }));

  it('keeps leases of different names, and of stores sharing a folder, apart', async () => {
    const relay = new SqliteLease('relay', { stem, identity: 'a/1' });
    const projector = new SqliteLease('projector', { stem, identity: 'b/2' });
    const otherStore = new SqliteLease('relay', { stem: join(directory, 'other'), identity: 'c/3' });
    expect(await relay.tryAcquire()).toBe(true);
    expect(await projector.tryAcquire()).toBe(true);
    expect(await otherStore.tryAcquire()).toBe(true);
    await relay.release();
    await projector.release();
    await otherStore.release();
  });
});

describeWithPostgres('PostgresLease (session advisory lock on a dedicated connection)', () => {
  let schema: { schema: string; drop: () => Promise<void> };
  beforeAll(async () => {
    schema = await createTestSchema('crm_lease');
  });
  afterAll(() => schema.drop());
  const open = (identity: string, name = 'relay'): PostgresLease =>
    new PostgresLease(name, { connectionString: POSTGRES_TEST_URL, schema: schema.schema, identity });
  leaseContract((identity) => open(identity));

  it('keeps leases of different names apart', async () => {
    const relay = open('a/1', 'relay');
    const projector = open('b/2', 'projector');
    expect(await relay.tryAcquire()).toBe(true);
    expect(await projector.tryAcquire()).toBe(true);
    await relay.release();
    await projector.release();
  });

  it('makes its holder stop the work promptly when its connection is killed, and a standby take over', async () => {
    // The leader's polls are far apart and the standby's close together: a holder that waited for
    // its next confirm to notice would overlap with the standby every time.
    const options = { checkTimeoutMs: 1000, logger: quietLogger };
    const leaderWork = new RecordingWork();
    const standbyWork = new RecordingWork();
    const leader = new SingletonWorker(open('leader/1'), leaderWork, {
      ...options,
      pollIntervalMs: 5000,
      identity: 'leader/1',
    });
    const standby = new SingletonWorker(open('standby/2'), standbyWork, {
      ...options,
      pollIntervalMs: 20,
      identity: 'standby/2',
    });
    // Stopped however the test ends, so that a retry does not meet this try's holder.
    try {
      await leader.start();
      await waitFor(() => leaderWork.running, 5000);
      await standby.start();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(standbyWork.running).toBe(false);

      const admin = new Client({ connectionString: POSTGRES_TEST_URL });
      await admin.connect();
      try {
        // The leader's lease session: the one holding the relay's advisory lock in this schema.
        const killed = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM (${ADVISORY_LOCK_HOLDERS_SQL}) AS holders`,
          [...workerLeaseKey(schema.schema, 'relay')],
        );
        expect(killed.rowCount).toBeGreaterThan(0);
      } finally {
        await admin.end();
      }
      // The session's end frees the lock at once, so the holder stops on the pg client's report of
      // it, not at its own next confirm.
      const stoppedMs = await waitFor(() => !leaderWork.running, 5000);
      expect(stoppedMs).toBeLessThan(1000);
      await waitFor(() => standbyWork.running, 5000);
      expect(RecordingWork.overlapped).toBe(false);
    } finally {
      await Promise.all([leader.stop(), standby.stop()]);
    }
  });
});
