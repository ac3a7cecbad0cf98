import type { Severity } from '../shared/scales';
import { dueByFor } from './alert.sla';

// 2026-03-02 is a Monday; 03-06 Friday, 03-07 Saturday, 03-08 Sunday.
describe('dueByFor', () => {
  test.each<[string, Severity, string, string]>([
    ['critical counts calendar hours', 'critical', '2026-03-02T10:00:00.000Z', '2026-03-02T14:00:00.000Z'],
    ['critical runs through a weekend', 'critical', '2026-03-06T22:00:00.000Z', '2026-03-07T02:00:00.000Z'],
    ['high on a Monday is due Tuesday', 'high', '2026-03-02T10:00:00.000Z', '2026-03-03T10:00:00.000Z'],
    ['high on a Friday is due Monday', 'high', '2026-03-06T10:00:00.000Z', '2026-03-09T10:00:00.000Z'],
    ['high on a Saturday counts from Monday', 'high', '2026-03-07T10:00:00.000Z', '2026-03-10T10:00:00.000Z'],
    ['high late on a Sunday counts from Monday', 'high', '2026-03-08T23:30:00.000Z', '2026-03-10T23:30:00.000Z'],
    ['medium on a Wednesday skips the weekend', 'medium', '2026-03-04T10:00:00.000Z', '2026-03-09T10:00:00.000Z'],
    ['medium on a Friday is due Wednesday', 'medium', '2026-03-06T10:00:00.000Z', '2026-03-11T10:00:00.000Z'],
    ['low on a Monday is due two weeks later', 'low', '2026-03-02T10:00:00.000Z', '2026-03-16T10:00:00.000Z'],
    ['low on a Saturday counts from Monday', 'low', '2026-03-07T08:15:00.000Z', '2026-03-23T08:15:00.000Z'],
  ])('%s', (_name, severity, from, due) => {
    expect(dueByFor(severity, from)).toBe(due);
  });

  test('business days are UTC days: Friday 23:30 in Beijing is Friday 15:30 UTC', () => {
    expect(dueByFor('high', '2026-03-06T23:30:00+08:00')).toBe('2026-03-09T15:30:00.000Z');
  });

  test('a malformed time is a caller bug and throws', () => {
    expect(() => dueByFor('high', 'yesterday')).toThrow(RangeError);
  });
});
