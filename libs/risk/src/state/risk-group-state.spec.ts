import { createTestSchema, describeWithPostgres, POSTGRES_TEST_URL } from '@crm/testing';
import { InMemoryRiskStateStore } from './in-memory.risk-state-store';
import { PostgresRiskStateStore } from './postgres.risk-state-store';
import type { RiskStateStore } from './risk-state-store.port';
import { SqliteRiskStateStore } from './sqlite.risk-state-store';

/** EW-GROUP's rows per member and standing per group, alike in every risk state store. */
const groupStateContract = (open: () => Promise<{ states: RiskStateStore; done: () => Promise<void> }>): void => {
  let states: RiskStateStore;
  let done: () => Promise<void>;

  beforeEach(async () => {
    ({ states, done } = await open());
  });
  afterEach(async () => {
    await done();
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

  test("keeps the group's latest standing", async () => {
    expect(await states.groupStanding('g-1')).toBeNull();
    await states.saveGroupStanding('g-1', { band: 'medium', episode: 1 });
    await states.saveGroupStanding('g-1', { band: null, episode: 2 });
    expect(await states.groupStanding('g-1')).toEqual({ band: null, episode: 2 });
  });
};

describe('risk group state, in memory', () => {
  groupStateContract(async () => ({ states: new InMemoryRiskStateStore(), done: async () => undefined }));
});

describe('risk group state, SQLite', () => {
  groupStateContract(async () => {
    const states = SqliteRiskStateStore.open(':memory:');
    return { states, done: () => states.close() };
  });
});

describeWithPostgres('risk group state, PostgreSQL', () => {
  groupStateContract(async () => {
    const { schema, drop } = await createTestSchema('crm_risk_group_state');
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
