import { configWith, ev, fold } from '@crm/testing';
import { assessGroup, memberExposure, type GroupMemberExposure } from './group-exposure';
import type { RiskEvent } from './risk-event';

/** Capital 1,000,000.00 CNY: medium from 10% (100,000.00), high from 25% (250,000.00). */
const config = configWith('EW-GROUP', { capital: '1000000.00', medium: '0.1', high: '0.25' });
const rule = config.rules['EW-GROUP'];

const limit = (facilityId: string, amount: string, currency = 'CNY'): RiskEvent =>
  ev('CreditLimitSet', { facilityId, limit: amount, currency });
const drawn = (facilityId: string, amount: string): RiskEvent =>
  ev('CreditUtilisationReported', { facilityId, drawn: amount });

const members = (...exposures: string[]): GroupMemberExposure[] =>
  exposures.map((exposure, n) => ({ clientId: `c-${n}`, exposure }));
const trigger = ev('CreditLimitSet', {}, undefined, 'e-member');

describe("a member's exposure", () => {
  test('sums, per facility in the rule currency, the larger of limit and drawn', () => {
    const state = fold(
      [
        limit('F-1', '50000.00'),
        drawn('F-1', '20000.00'),
        limit('F-2', '10000.00'),
        drawn('F-2', '12500.50'),
        limit('F-USD', '99999.00', 'USD'),
        drawn('F-NO-LIMIT', '7000.00'),
      ],
      config,
    );
    expect(memberExposure(state, rule)).toBe('62500.50');
  });

  test('is zero for a client without facilities', () => {
    expect(memberExposure(fold([], config), rule)).toBe('0.00');
  });
});

describe('EW-GROUP', () => {
  test.each<[string, string[], string | null]>([
    ['just under 10%', ['60000.00', '39999.99'], null],
    ['exactly 10%', ['60000.00', '40000.00'], 'medium'],
    ['between the thresholds', ['100000.00', '149999.99'], 'medium'],
    ['exactly 25%', ['100000.00', '150000.00'], 'high'],
  ])('a group %s of capital reads %s', (_case, exposures, severity) => {
    const { band, reading } = assessGroup('g-1', members(...exposures), null, config, trigger);
    expect(band).toBe(severity);
    expect(reading?.severity ?? null).toBe(severity);
  });

  test('says which group, the total, its share and the threshold, with the member event as evidence', () => {
    const { reading, total } = assessGroup('g-1', members('120000.00', '15000.50'), null, config, trigger);
    expect(total).toBe('135000.50');
    expect(reading).toEqual({
      ruleId: 'EW-GROUP',
      ruleVersion: rule.version,
      severity: 'medium',
      reason: 'group g-1: exposure 135000.50 CNY over 2 member(s) is 13.5% of capital (threshold 10.0%)',
      evidence: ['e-member'],
    });
  });

  test('reads only when the band worsens: the same band again, or a lower one, reads nothing', () => {
    expect(assessGroup('g-1', members('150000.00'), 'medium', config, trigger).reading).toBeNull();
    expect(assessGroup('g-1', members('300000.00'), 'medium', config, trigger).reading?.severity).toBe('high');
    const lower = assessGroup('g-1', members('150000.00'), 'high', config, trigger);
    expect([lower.band, lower.reading]).toEqual(['medium', null]);
  });

  test('a disabled rule reads nothing and keeps no band', () => {
    const disabled = configWith('EW-GROUP', { enabled: false }, config);
    expect(assessGroup('g-1', members('900000.00'), null, disabled, trigger)).toEqual({
      total: '900000.00',
      band: null,
      reading: null,
    });
  });
});

describe('group membership in the risk state', () => {
  test('heading a group, joining one and leaving it', () => {
    expect(fold([ev('ClientGroupFormed', { groupId: 'c-parent', managerId: 'm-1' })]).groupId).toBe('c-parent');
    const joined = fold([ev('ClientJoinedGroup', { groupId: 'g-1' })]);
    expect(joined.groupId).toBe('g-1');
    const left = fold([ev('ClientJoinedGroup', { groupId: 'g-1' }), ev('ClientLeftGroup', { groupId: 'g-1' })]);
    expect('groupId' in left).toBe(false);
  });

  test('leaving another group than its own changes nothing', () => {
    const state = fold([ev('ClientJoinedGroup', { groupId: 'g-1' }), ev('ClientLeftGroup', { groupId: 'g-2' })]);
    expect(state.groupId).toBe('g-1');
  });
});
