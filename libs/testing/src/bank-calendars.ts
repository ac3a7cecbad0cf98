import { addDays, parseBankCalendar, type BankCalendar, type BankDate } from '@crm/domain';

const run = (first: BankDate, days: number): BankDate[] =>
  Array.from({ length: days }, (_unused, offset) => addDays(first, offset));

/**
 * Mainland China 2026 as the State Council's notice of 4 November 2025 settles it, in the shape of
 * a calendar file. config/calendar/cn-2026.yaml holds the same dates (the loader's spec checks
 * that they agree), so specs that need real holidays use these rather than the file.
 */
export const CN_2026_CALENDAR_FILE = {
  years: [2026],
  holidays: [
    ...run('2026-01-01', 3), // New Year's Day
    ...run('2026-02-15', 9), // Spring Festival
    ...run('2026-04-04', 3), // Qingming
    ...run('2026-05-01', 5), // Labour Day
    ...run('2026-06-19', 3), // Dragon Boat
    ...run('2026-09-25', 3), // Mid-Autumn
    ...run('2026-10-01', 7), // National Day
  ],
  workingWeekendDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

/** The bank calendar of mainland China for 2026 in Asia/Shanghai. */
export const cn2026Calendar = (): BankCalendar => parseBankCalendar(CN_2026_CALENDAR_FILE, 'Asia/Shanghai');
