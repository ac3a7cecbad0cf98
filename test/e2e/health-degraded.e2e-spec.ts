import { join } from 'node:path';
import { freePort, scratchDir, startApiProcess, type ApiProcess } from '@crm/testing';

type Readiness = { status: string; degraded?: string[]; details: { relay: { kafka?: string } } };

/**
 * Kafka out of reach from the start: the API still serves (commands land in the store and wait),
 * and readiness says so — 200, `status: degraded`, each cause named — rather than a plain "ok".
 */
describe('readiness while Kafka is out of reach', () => {
  const dir = scratchDir('crm-degraded');
  let api: ApiProcess | null = null;

  afterAll(async () => {
    await api?.stop();
    dir.cleanup();
  });

  it('answers 200 with status degraded, naming the relay and the risk monitor, and still takes commands', async () => {
    api = await startApiProcess({
      SQLITE_PATH: join(dir.path, 'crm.sqlite'),
      KAFKA_BROKERS: `127.0.0.1:${await freePort()}`,
    });
    const deadline = Date.now() + 30_000;
    let ready = await api.anonymous.get<Readiness>('/health/ready');
    while ((ready.body.degraded ?? []).length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      ready = await api.anonymous.get<Readiness>('/health/ready');
    }
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.degraded).toEqual([
      expect.stringMatching(/^relay: not started/),
      expect.stringMatching(/^risk monitor: not started/),
    ]);
    expect(JSON.stringify(ready.body.degraded)).not.toContain('127.0.0.1');

    const admin = await api.as('admin');
    const manager = await admin.post('/v1/managers', {
      managerId: 'M-1',
      name: 'Li Na',
      branchId: 'BR-1',
      level: 'senior',
    });
    expect(manager.status).toBe(201);
  });
});
