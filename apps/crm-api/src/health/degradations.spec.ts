import { degradationsOf } from './degradations';

describe('degradationsOf', () => {
  it('is empty when everything that runs here works', () => {
    expect(
      degradationsOf({
        relay: { startError: null, lastError: null, failingSince: null },
        riskMonitor: { startError: null, parkedClients: 0 },
        auditSaturated: false,
      }),
    ).toEqual([]);
    expect(degradationsOf({ auditSaturated: false })).toEqual([]);
  });

  it('names each cause without quoting the error', () => {
    const causes = degradationsOf({
      relay: {
        startError: null,
        lastError: 'connect ECONNREFUSED 10.0.0.7:9092',
        failingSince: '2026-12-02T10:00:00.000Z',
      },
      riskMonitor: { startError: null, parkedClients: 3 },
      auditSaturated: true,
    });
    expect(causes).toEqual([
      'relay: Kafka does not acknowledge since 2026-12-02T10:00:00.000Z; events wait in the store',
      'risk monitor: 3 clients parked; their early warnings wait',
      'read audit: backlog full; client reads are refused until it drains',
    ]);
    expect(causes.join(' ')).not.toContain('10.0.0.7');
  });

  it('reports a relay that never started, rather than its last send', () => {
    expect(
      degradationsOf({
        relay: { startError: 'broker down', lastError: 'broker down', failingSince: null },
        riskMonitor: { startError: 'kafka down', parkedClients: 0 },
        auditSaturated: false,
      }),
    ).toEqual([
      'relay: not started (Kafka unreachable at boot); events wait in the store',
      'risk monitor: not started; no early warnings are raised',
    ]);
  });

  it('names storage at fault: a database out of reach, a full disk, a projector stalled on either', () => {
    expect(
      degradationsOf({
        auditSaturated: false,
        storeAnswers: false,
        storageFault: { code: 'STORAGE.FULL', since: '2026-12-02T10:00:00.000Z' },
        projectorStalled: true,
      }),
    ).toEqual([
      'database: does not answer; writes are refused (503) until it returns',
      'storage: full since 2026-12-02T10:00:00.000Z; writes are refused (507) until space is freed',
      'projector: stalled on storage; views show what was projected before',
    ]);
    expect(
      degradationsOf({ auditSaturated: false, storageFault: { code: 'STORAGE.UNAVAILABLE', since: 'x' } }),
    ).toEqual([]);
  });
});
