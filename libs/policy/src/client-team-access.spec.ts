import { standsIn, type StandInCheck } from './client-team-access';

const NOW = Date.parse('2026-03-01T10:00:00.000Z');
const team = { backupManagerId: 'M-B', specialistIds: ['M-S'] };
const check = (over: Partial<StandInCheck>): boolean =>
  standsIn({ team, managerId: 'M-B', callerActive: true, primaryAbsentUntil: null, now: NOW, mode: 'read', ...over });

describe('standsIn: the team of a client its manager does not cover', () => {
  it('lets the backup read always, and write only while the covering manager is absent', () => {
    expect(check({})).toBe(true);
    expect(check({ mode: 'write' })).toBe(false);
    expect(check({ mode: 'write', primaryAbsentUntil: '2026-03-15T00:00:00.000Z' })).toBe(true);
  });

  it('ends the stand-in when the absence ends, and never lets a departed backup write', () => {
    expect(check({ mode: 'write', primaryAbsentUntil: '2026-03-01T10:00:00.000Z' })).toBe(false);
    expect(check({ mode: 'write', primaryAbsentUntil: '2026-02-28T00:00:00.000Z' })).toBe(false);
    expect(check({ mode: 'write', primaryAbsentUntil: '2026-03-15T00:00:00.000Z', callerActive: false })).toBe(false);
  });

  it('lets a specialist read, never write, absence or not', () => {
    expect(check({ managerId: 'M-S' })).toBe(true);
    expect(check({ managerId: 'M-S', mode: 'write', primaryAbsentUntil: '2026-03-15T00:00:00.000Z' })).toBe(false);
  });

  it('lets nobody else in', () => {
    expect(check({ managerId: 'M-X' })).toBe(false);
    expect(check({ managerId: 'M-X', mode: 'write', primaryAbsentUntil: '2026-03-15T00:00:00.000Z' })).toBe(false);
    expect(check({ team: { backupManagerId: null, specialistIds: [] } })).toBe(false);
  });
});
