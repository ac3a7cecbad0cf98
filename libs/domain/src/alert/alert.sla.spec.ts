import { cn2026Calendar } from '@crm/testing';
import { weekdaysCalendar } from '../calendar/bank-calendar';
import type { Severity } from '../common/scales';
import { dueByFor } from './alert.sla';

const calendar = cn2026Calendar();

/** Shanghai wall-clock times (+08:00) in, UTC instants out, as the events carry them. */
const utc = (shanghai: string): string => new Date(shanghai).toISOString();

// 2026 in mainland China: Spring Festival off 15–23 Feb, worked Sat 14 and Sat 28 Feb; National
// Day off 1–7 Oct, worked Sun 20 Sep and Sat 10 Oct; New Year off 1–3 Jan, worked Sun 4 Jan.
describe('dueByFor on the bank calendar in Asia/Shanghai', () => {
  test.each<[string, Severity, string, string]>([
    ['critical counts calendar hours', 'critical', '2026-03-02T10:00:00+08:00', '2026-03-02T14:00:00+08:00'],
    ['critical runs into a holiday', 'critical', '2026-09-30T22:00:00+08:00', '2026-10-01T02:00:00+08:00'],
    ['high on a Monday is due Tuesday', 'high', '2026-03-02T10:00:00+08:00', '2026-03-03T10:00:00+08:00'],
    ['high on a Friday is due Monday', 'high', '2026-03-06T10:00:00+08:00', '2026-03-09T10:00:00+08:00'],
    ['high on a Saturday counts from Monday', 'high', '2026-03-07T10:00:00+08:00', '2026-03-10T10:00:00+08:00'],
    ['high on the eve of National Day', 'high', '2026-09-30T10:00:00+08:00', '2026-10-08T10:00:00+08:00'],
    ['medium on the eve of National Day', 'medium', '2026-09-30T10:00:00+08:00', '2026-10-10T10:00:00+08:00'],
    ['high on a National Day holiday', 'high', '2026-10-02T10:00:00+08:00', '2026-10-09T10:00:00+08:00'],
    ['high on the Friday before Spring Festival', 'high', '2026-02-13T10:00:00+08:00', '2026-02-14T10:00:00+08:00'],
    ['high on a working Saturday', 'high', '2026-02-14T17:00:00+08:00', '2026-02-24T17:00:00+08:00'],
    ['medium on a working Sunday', 'medium', '2026-09-20T14:00:00+08:00', '2026-09-23T14:00:00+08:00'],
    ['low across Spring Festival', 'low', '2026-02-13T10:00:00+08:00', '2026-03-05T10:00:00+08:00'],
    ['high across New Year', 'high', '2025-12-31T16:00:00+08:00', '2026-01-04T16:00:00+08:00'],
    ['medium across New Year', 'medium', '2025-12-31T16:00:00+08:00', '2026-01-06T16:00:00+08:00'],
  ])('%s', (_name, severity, from, due) => {
    expect(dueByFor(severity, utc(from), calendar)).toBe(utc(due));
  });

  test('the day is the bank day: Friday 23:30 UTC is Saturday 07:30 in Shanghai, so Monday counts first', () => {
    // given an alert raised at 23:30 UTC on Friday 6 March, Saturday morning in Shanghai
    const raisedAt = '2026-03-06T23:30:00.000Z';
    // when it is high, then it is due Tuesday 07:30 in Shanghai, not Monday 23:30 UTC
    expect(dueByFor('high', raisedAt, calendar)).toBe(utc('2026-03-10T07:30:00+08:00'));
    expect(dueByFor('high', raisedAt, weekdaysCalendar('UTC'))).toBe('2026-03-09T23:30:00.000Z');
  });

  test('a malformed time is a caller bug and throws', () => {
    expect(() => dueByFor('high', 'yesterday', calendar)).toThrow(RangeError);
  });
});
