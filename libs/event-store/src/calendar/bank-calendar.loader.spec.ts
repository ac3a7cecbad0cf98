import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { addDays, isBusinessDay, type BankDate } from '@crm/domain';
import { CN_2026_CALENDAR_FILE, scratchDir } from '@crm/testing';
import { BankCalendarFileError, loadBankCalendar } from './bank-calendar.loader';

const SHIPPED = resolve(__dirname, '../../../../config/calendar');
const ZONE = 'Asia/Shanghai';
const IN_2026 = Date.parse('2026-12-02T09:00:00+08:00');

const year = (value: number, holidays: readonly string[] = [], workingWeekendDays: readonly string[] = []): string =>
  `years: [${value}]\nholidays: [${holidays.join(', ')}]\nworkingWeekendDays: [${workingWeekendDays.join(', ')}]\n`;

describe('loadBankCalendar', () => {
  let dir: { path: string; cleanup: () => void };
  let warnings: string[];

  beforeEach(() => {
    dir = scratchDir('bank-calendar');
    warnings = [];
  });
  afterEach(() => dir.cleanup());

  const load = (now = IN_2026, path = dir.path) =>
    loadBankCalendar({ bankTimeZone: ZONE, bankCalendarDir: path }, { now, warn: (message) => warnings.push(message) });

  const failure = (now = IN_2026, path = dir.path): BankCalendarFileError => {
    try {
      load(now, path);
    } catch (error) {
      if (error instanceof BankCalendarFileError) return error;
      throw error;
    }
    throw new Error('the calendar loaded');
  };

  describe('the shipped calendar', () => {
    test('covers 2026 and 2027 in the bank zone, without a warning in 2026', () => {
      const calendar = load(IN_2026, SHIPPED);
      expect(calendar.timeZone).toBe(ZONE);
      expect(calendar.years).toEqual([2026, 2027]);
      expect(warnings).toEqual([]);
    });

    test('cn-2026.yaml holds the dates of the State Council notice of 4 November 2025', () => {
      const calendar = load(IN_2026, SHIPPED);
      const of2026 = (dates: ReadonlySet<BankDate>) => [...dates].filter((date) => date.startsWith('2026-')).sort();
      expect(of2026(calendar.holidays)).toEqual([...CN_2026_CALENDAR_FILE.holidays].sort());
      expect(of2026(calendar.workingWeekendDays)).toEqual([...CN_2026_CALENDAR_FILE.workingWeekendDays].sort());
    });

    test('cn-2027.yaml holds the statutory holidays of 2027 and no working weekend (provisional)', () => {
      const calendar = load(IN_2026, SHIPPED);
      const run = (first: BankDate, days: number) => Array.from({ length: days }, (_unused, n) => addDays(first, n));
      const statutory = [
        '2027-01-01',
        ...run('2027-02-05', 4), // 除夕 and 正月初一 to 初三 (Spring Festival 6 Feb)
        '2027-04-05',
        ...run('2027-05-01', 2),
        '2027-06-09',
        '2027-09-15',
        ...run('2027-10-01', 3),
      ];
      expect([...calendar.holidays].filter((date) => date.startsWith('2027-')).sort()).toEqual(statutory);
      expect([...calendar.workingWeekendDays].filter((date) => date.startsWith('2027-'))).toEqual([]);
    });
  });

  test('merges every *.yaml of the folder and ignores other files', () => {
    writeFileSync(join(dir.path, 'a-2026.yaml'), year(2026, ['2026-10-01'], ['2026-10-10']));
    writeFileSync(join(dir.path, 'b-2027.yaml'), year(2027, ['2027-01-01']));
    writeFileSync(join(dir.path, 'README.md'), 'not a calendar');
    writeFileSync(join(dir.path, 'old-2026.yaml.bak'), 'years: [2026]');
    const calendar = load();
    expect(calendar.years).toEqual([2026, 2027]);
    expect(isBusinessDay('2026-10-01', calendar)).toBe(false);
    expect(isBusinessDay('2026-10-10', calendar)).toBe(true);
    expect(isBusinessDay('2027-01-01', calendar)).toBe(false);
  });

  test('a malformed file stops the boot with one line naming the file and every problem', () => {
    writeFileSync(join(dir.path, 'cn-2026.yaml'), year(2026, ['2026-02-30'], ['2026-10-09']));
    const error = failure();
    expect(error.path).toBe(join(dir.path, 'cn-2026.yaml'));
    expect(error.message).toBe(
      `invalid bank calendar ${join(dir.path, 'cn-2026.yaml')}: holidays: 2026-02-30 is not a YYYY-MM-DD date; ` +
        'workingWeekendDays: 2026-10-09 is a weekday, not a Saturday or Sunday',
    );
    expect(error.message).not.toContain('\n');
  });

  test('a file that is not YAML is named', () => {
    writeFileSync(join(dir.path, 'cn-2026.yaml'), 'years: [2026\nholidays: {');
    expect(failure().message).toMatch(
      new RegExp(`^invalid bank calendar ${join(dir.path, 'cn-2026.yaml')}: is not YAML: `),
    );
  });

  test('a year in two files is refused, naming the second file', () => {
    writeFileSync(join(dir.path, 'cn-2026.yaml'), year(2026));
    writeFileSync(join(dir.path, 'cn-2026-copy.yaml'), year(2026));
    expect(failure().message).toBe(
      `invalid bank calendar ${join(dir.path, 'cn-2026.yaml')}: years: 2026 is already covered by another calendar`,
    );
  });

  test('a folder that cannot be read, or holds no calendar, is named', () => {
    expect(failure(IN_2026, join(dir.path, 'missing')).message).toBe(
      `invalid bank calendar ${join(dir.path, 'missing')}: cannot be read (ENOENT)`,
    );
    mkdirSync(join(dir.path, 'empty'));
    expect(failure(IN_2026, join(dir.path, 'empty')).message).toBe(
      `invalid bank calendar ${join(dir.path, 'empty')}: holds no *.yaml calendar file`,
    );
  });

  test('no file for the current year stops the boot', () => {
    writeFileSync(join(dir.path, 'cn-2027.yaml'), year(2027));
    expect(failure().message).toBe(
      `invalid bank calendar ${dir.path}: no file covers 2026, the current year in Asia/Shanghai`,
    );
  });

  test('the current year is the bank year: 00:30 on 1 January in Shanghai is still 31 December in UTC', () => {
    writeFileSync(join(dir.path, 'cn-2026.yaml'), year(2026));
    expect(failure(Date.parse('2026-12-31T16:30:00Z')).message).toContain('no file covers 2027');
  });

  test('no file for the next year only warns, naming the folder and the year', () => {
    writeFileSync(join(dir.path, 'cn-2026.yaml'), year(2026));
    expect(load().years).toEqual([2026]);
    expect(warnings).toEqual([
      `bank calendar ${dir.path} has no file for 2027: from 1 January business days will be Monday to Friday, ` +
        'without holidays or working weekends, until the year is added and the process restarted',
    ]);
  });
});
