import { addDays, bankDateOf, daysBetween, epochDayOf, isBankDate, isTimeZone, startOfBankDate } from './bank-date';

describe('bank dates', () => {
  it('reads the date on the bank wall clock, not in UTC', () => {
    const lateUtcEvening = Date.parse('2026-03-01T17:30:00Z');
    expect(bankDateOf(lateUtcEvening, 'Asia/Shanghai')).toBe('2026-03-02');
    expect(bankDateOf(lateUtcEvening, 'UTC')).toBe('2026-03-01');
    expect(bankDateOf(Date.parse('2026-03-01T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-03-01');
  });

  it('accepts real dates only', () => {
    expect(isBankDate('2028-02-29')).toBe(true);
    expect(isBankDate('2026-02-29')).toBe(false);
    expect(isBankDate('2026-13-01')).toBe(false);
    expect(isBankDate('2026-1-01')).toBe(false);
    expect(isBankDate('2026-01-01T00:00:00Z')).toBe(false);
    expect(isBankDate(20260101)).toBe(false);
    expect(epochDayOf('1970-01-02')).toBe(1);
  });

  it('counts and moves whole days across month and year ends', () => {
    expect(daysBetween('2025-12-31', '2026-03-01')).toBe(60);
    expect(daysBetween('2026-03-01', '2025-12-31')).toBe(-60);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('finds the instant a bank date begins in its time zone', () => {
    expect(new Date(startOfBankDate('2026-03-02', 'Asia/Shanghai')).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(new Date(startOfBankDate('2026-03-02', 'UTC')).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    // Across a daylight-saving change the offset of the day itself counts.
    expect(new Date(startOfBankDate('2026-03-29', 'Europe/Berlin')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(startOfBankDate('2026-03-30', 'Europe/Berlin')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('answers the same dates as formatting in the zone, instant after instant, across midnights and offset changes', () => {
    const reference = (millis: number, timeZone: string): string =>
      new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
        new Date(millis),
      );
    // Shanghai (no DST), New York (DST at 02:00), Santiago and Havana (clocks change at midnight).
    const zones = ['Asia/Shanghai', 'America/New_York', 'America/Santiago', 'America/Havana'];
    const windows = [
      '2026-03-06T00:00:00.000Z',
      '2026-03-07T00:00:00.000Z',
      '2026-04-03T00:00:00.000Z',
      '2026-09-04T00:00:00.000Z',
      '2026-11-01T00:00:00.000Z',
    ];
    const mismatches: string[] = [];
    for (const timeZone of zones) {
      for (const start of windows) {
        // Every 7 minutes over three days, forwards, then a few steps back across each midnight seen.
        for (let millis = Date.parse(start); millis < Date.parse(start) + 3 * 86_400_000; millis += 7 * 60_000) {
          for (const at of [millis, millis - 3_600_000, millis]) {
            if (bankDateOf(at, timeZone) !== reference(at, timeZone))
              mismatches.push(`${timeZone} ${new Date(at).toISOString()}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('knows IANA zones and refuses unknown ones', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
