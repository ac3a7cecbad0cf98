import { initialRiskState, type ClientRiskState } from '@crm/domain';
import { createTestSchema, describeWithPostgres, POSTGRES_TEST_URL } from '@crm/testing';
import { InMemoryRiskStateStore } from './in-memory.risk-state-store';
import { PostgresRiskStateStore } from './postgres.risk-state-store';
import type { RiskStateStore } from './risk-state-store.port';
import { SqliteRiskStateStore } from './sqlite.risk-state-store';

type OpenStore = () => Promise<{ states: RiskStateStore; done: () => Promise<void> }>;

const stateOf = (clientId: string, tier: ClientRiskState['tier']): ClientRiskState => ({
  ...initialRiskState(clientId),
  tier,
});

/**
 * Each client's risk state with the client-stream revision it includes, alike in every risk state
 * store, including loads and saves of several clients asked for at once (the monitor evaluates a
 * batch's clients side by side).
 */
const clientStateContract = (opened: () => RiskStateStore): void => {
  let states: RiskStateStore;
  beforeEach(() => {
    states = opened();
  });

  test("keeps each client's latest state, its revision and whether the clock sweep covers it", async () => {
    expect(await states.load('c-1')).toBeNull();
    await states.save('c-1', { state: stateOf('c-1', 'standard'), revision: 3 }, true);
    await states.save('c-1', { state: stateOf('c-1', 'core'), revision: 4 }, false);
    await states.save('c-2', { state: stateOf('c-2', null), revision: 1 }, true);
    expect(await states.load('c-1')).toEqual({ state: stateOf('c-1', 'core'), revision: 4 });
    expect(await states.coveredClients()).toEqual(['c-2']);
  });

  test('answers each of several loads and saves asked for at once, a later save of a client winning', async () => {
    await Promise.all([
      states.save('c-1', { state: stateOf('c-1', 'basic'), revision: 1 }, false),
      states.save('c-2', { state: stateOf('c-2', 'key'), revision: 7 }, true),
      states.save('c-1', { state: stateOf('c-1', 'core'), revision: 2 }, true),
    ]);
    const loaded = await Promise.all(['c-1', 'c-2', 'c-none', 'c-1'].map((id) => states.load(id)));
    expect(loaded).toEqual([
      { state: stateOf('c-1', 'core'), revision: 2 },
      { state: stateOf('c-2', 'key'), revision: 7 },
      null,
      { state: stateOf('c-1', 'core'), revision: 2 },
    ]);
    expect(await states.coveredClients()).toEqual(['c-1', 'c-2']);
  });
};

/**
 * The indexes beside the per-client risk state, alike in every risk state store: the case keeper's
 * (§47), EW-GROUP's rows per member and standing per group, and the complaint deadlines.
 */
const indexContract = (opened: () => RiskStateStore): void => {
  let states: RiskStateStore;
  beforeEach(() => {
    states = opened();
  });

  test('keeps the latest entry per client', async () => {
    expect(await states.caseOf('c-1')).toBeNull();
    await states.saveCase('c-1', { episode: 1, open: true, dueBy: '2026-03-02T06:00:00.000Z', overdue: false });
    await states.saveCase('c-1', { episode: 2, open: false, dueBy: null, overdue: false });
    expect(await states.caseOf('c-1')).toEqual({ episode: 2, open: false, dueBy: null, overdue: false });
  });

  test('lists the open cases due by a time and not yet marked overdue', async () => {
    await states.saveCase('c-due', { episode: 3, open: true, dueBy: '2026-03-02T06:00:00.000Z', overdue: false });
    await states.saveCase('c-later', { episode: 1, open: true, dueBy: '2026-03-02T06:00:00.001Z', overdue: false });
    await states.saveCase('c-marked', { episode: 1, open: true, dueBy: '2026-03-01T00:00:00.000Z', overdue: true });
    await states.saveCase('c-closed', { episode: 1, open: false, dueBy: '2026-03-01T00:00:00.000Z', overdue: false });
    expect(await states.casesDue('2026-03-02T06:00:00.000Z')).toEqual([{ clientId: 'c-due', episode: 3 }]);
  });

  test("keeps each member's latest exposure per group, by client id, and removes a member", async () => {
    expect(await states.groupMembers('g-1')).toEqual([]);
    await states.saveGroupMember('g-1', 'c-b', '100.00');
    await states.saveGroupMember('g-1', 'c-a', '50.00');
    await states.saveGroupMember('g-2', 'c-c', '7.00');
    await states.saveGroupMember('g-1', 'c-b', '120.50');
    expect(await states.groupMembers('g-1')).toEqual([
      { clientId: 'c-a', exposure: '50.00' },
      { clientId: 'c-b', exposure: '120.50' },
    ]);
    await states.saveGroupMember('g-1', 'c-a', null);
    await states.saveGroupMember('g-1', 'c-unknown', null);
    expect(await states.groupMembers('g-1')).toEqual([{ clientId: 'c-b', exposure: '120.50' }]);
    expect(await states.groupMembers('g-2')).toEqual([{ clientId: 'c-c', exposure: '7.00' }]);
  });

  test('lists the complaint deadlines passed before a time, neither met nor escalated', async () => {
    const entry = {
      acknowledgeBy: '2026-04-08T02:00:00.000Z',
      dueBy: '2026-04-18T02:00:00.000Z',
      acknowledged: false,
      escalated: [],
    } as const;
    await states.saveComplaint('c-2', 'cp-b', entry);
    await states.saveComplaint('c-1', 'cp-a', entry);
    await states.saveComplaint('c-1', 'cp-met', { ...entry, acknowledged: true });
    await states.saveComplaint('c-1', 'cp-old', { ...entry, acknowledgeBy: null });
    await states.saveComplaint('c-3', 'cp-done', { ...entry, escalated: ['acknowledgement', 'resolution'] });
    // At the due time itself nothing has passed.
    expect(await states.complaintsDue('2026-04-08T02:00:00.000Z')).toEqual([]);
    expect(await states.complaintsDue('2026-04-08T02:00:00.001Z')).toEqual([
      { clientId: 'c-1', complaintId: 'cp-a', deadline: 'acknowledgement' },
      { clientId: 'c-2', complaintId: 'cp-b', deadline: 'acknowledgement' },
    ]);
    await states.saveComplaint('c-2', 'cp-b', { ...entry, escalated: ['acknowledgement'] });
    await states.saveComplaint('c-1', 'cp-a', null);
    expect(await states.complaint('c-2', 'cp-b')).toEqual({ ...entry, escalated: ['acknowledgement'] });
    expect(await states.complaint('c-1', 'cp-a')).toBeNull();
    expect(await states.complaintsDue('2026-04-20T00:00:00.000Z')).toEqual([
      { clientId: 'c-1', complaintId: 'cp-met', deadline: 'resolution' },
      { clientId: 'c-1', complaintId: 'cp-old', deadline: 'resolution' },
      { clientId: 'c-2', complaintId: 'cp-b', deadline: 'resolution' },
    ]);
  });

  test("keeps the group's latest standing", async () => {
    expect(await states.groupStanding('g-1')).toBeNull();
    await states.saveGroupStanding('g-1', { band: 'medium', episode: 1 });
    await states.saveGroupStanding('g-1', { band: null, episode: 2 });
    expect(await states.groupStanding('g-1')).toEqual({ band: null, episode: 2 });
  });
};

const storeContract = (open: OpenStore): void => {
  let states: RiskStateStore;
  let done: () => Promise<void>;

  beforeEach(async () => {
    ({ states, done } = await open());
  });
  afterEach(async () => {
    await done();
  });

  describe('client state', () => clientStateContract(() => states));
  describe('indexes', () => indexContract(() => states));
};

describe('risk state store, in memory', () => {
  storeContract(async () => ({ states: new InMemoryRiskStateStore(), done: async () => undefined }));
});

describe('risk state store, SQLite', () => {
  storeContract(async () => {
    const states = SqliteRiskStateStore.open(':memory:');
    return { states, done: () => states.close() };
  });
});

describeWithPostgres('risk state store, PostgreSQL', () => {
  storeContract(async () => {
    const { schema, drop } = await createTestSchema('crm_risk_state');
    const states = await PostgresRiskStateStore.open({ connectionString: POSTGRES_TEST_URL, schema });
    return {
      states,
      done: async () => {
        await states.close();
        await drop();
      },
    };
  });
});
