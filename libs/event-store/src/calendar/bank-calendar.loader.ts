import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  BankCalendarError,
  bankDateOf,
  coversYear,
  mergeBankCalendars,
  parseBankCalendar,
  type BankCalendar,
} from '@crm/domain';
import type { BankTimeConfig } from '@crm/platform';

/** A calendar folder or file the process cannot run with; the message is one line naming it. */
export class BankCalendarFileError extends Error {
  constructor(
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid bank calendar ${path}: ${problems.join('; ')}`);
    this.name = 'BankCalendarFileError';
  }
}

export type BankCalendarLoadOptions = Readonly<{
  /** Told when the calendar holds nothing for next year: the process runs, someone must add it. */
  warn: (message: string) => void;
  /** The boot instant (epoch ms) whose year must be covered; the clock by default. */
  now?: number;
}>;

const codeOf = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? 'error';

const readCalendarFile = (path: string, timeZone: string): BankCalendar => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BankCalendarFileError(path, [`cannot be read (${codeOf(error)})`]);
  }
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 0 });
  } catch (error) {
    throw new BankCalendarFileError(path, [
      `is not YAML: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'parse error'}`,
    ]);
  }
  try {
    return parseBankCalendar(raw, timeZone);
  } catch (error) {
    if (error instanceof BankCalendarError) throw new BankCalendarFileError(path, error.problems);
    throw error;
  }
};

/**
 * The bank calendar of BANK_CALENDAR_DIR: every `*.yaml` in it (in name order) merged into one
 * calendar in BANK_TIME_ZONE. Called once at boot by each process that decides commands; a
 * folder that cannot be read, a bad file, a year in two files, or no file for the current year
 * (on the bank's wall clock) throws BankCalendarFileError and the process does not start — an
 * SLA counted without the year's holidays would be silently wrong. A missing next year only
 * warns: the State Council publishes it in November or December, and it is needed from 1 January.
 */
export const loadBankCalendar = (config: BankTimeConfig, options: BankCalendarLoadOptions): BankCalendar => {
  const dir = config.bankCalendarDir;
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.yaml'))
      .sort();
  } catch (error) {
    throw new BankCalendarFileError(dir, [`cannot be read (${codeOf(error)})`]);
  }
  let calendar: BankCalendar | null = null;
  for (const name of names) {
    const path = join(dir, name);
    const file = readCalendarFile(path, config.bankTimeZone);
    try {
      calendar = calendar === null ? file : mergeBankCalendars(calendar, file);
    } catch (error) {
      if (error instanceof BankCalendarError) throw new BankCalendarFileError(path, error.problems);
      throw error;
    }
  }
  if (calendar === null) throw new BankCalendarFileError(dir, ['holds no *.yaml calendar file']);
  const year = Number(bankDateOf(options.now ?? Date.now(), config.bankTimeZone).slice(0, 4));
  if (!coversYear(calendar, year)) {
    throw new BankCalendarFileError(dir, [`no file covers ${year}, the current year in ${config.bankTimeZone}`]);
  }
  if (!coversYear(calendar, year + 1)) {
    options.warn(
      `bank calendar ${dir} has no file for ${year + 1}: from 1 January business days will be Monday to Friday, ` +
        'without holidays or working weekends, until the year is added and the process restarted',
    );
  }
  return calendar;
};
