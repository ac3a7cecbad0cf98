import type { Severity } from '../common/scales';
import { alertIdFor } from './alert-id';
import { isWorseBand, severityRank } from './severity-rank';

const SAFE = /^[A-Za-z0-9._-]+$/;

describe('alertIdFor', () => {
  test('is <ruleId>.<clientId>.<episode> for a uuid client', () => {
    expect(alertIdFor('EW-DPD', '0190f3a2-7c1e-7b3a-9d2e-5f6a7b8c9d0e', 1)).toBe(
      'EW-DPD.0190f3a2-7c1e-7b3a-9d2e-5f6a7b8c9d0e.1',
    );
  });

  test('is deterministic and moves with the episode', () => {
    expect(alertIdFor('EW-CORE-MGR', 'c-1', 3)).toBe(alertIdFor('EW-CORE-MGR', 'c-1', 3));
    expect(alertIdFor('EW-CORE-MGR', 'c-1', 4)).toBe('EW-CORE-MGR.c-1.4');
  });

  test('escapes anything unsafe in a path or stream id, one-to-one', () => {
    const odd = alertIdFor('EW-FIN', 'a/b c?é', 1);
    expect(odd).toMatch(SAFE);
    expect(odd).toBe('EW-FIN.a_2f_b_20_c_3f__e9_.1');
    // An id that already looks escaped cannot collide with the escaped form of another.
    expect(alertIdFor('EW-FIN', 'a_2f_', 1)).not.toBe(alertIdFor('EW-FIN', 'a/', 1));
    expect(alertIdFor('EW-FIN', 'a_2f_', 1)).toMatch(SAFE);
  });

  test.each([0, -1, 1.5])('an episode of %p throws', (episode) => {
    expect(() => alertIdFor('EW-DPD', 'c-1', episode)).toThrow(RangeError);
  });
});

describe('severityRank', () => {
  test('orders low < medium < high < critical, and no band below all', () => {
    expect((['low', 'medium', 'high', 'critical'] as Severity[]).map(severityRank)).toEqual([0, 1, 2, 3]);
    expect(isWorseBand('low', null)).toBe(true);
    expect(isWorseBand(null, 'low')).toBe(false);
    expect(isWorseBand('high', 'high')).toBe(false);
  });
});
