import { resolve } from 'node:path';
import { ConfigError } from './config-parsing';

/**
 * The bank's own time: arrears age, SLAs fall due and reviews come up by the date on the bank's
 * wall clock. Every process that reads the log needs it (old past-due reports are dated by it).
 */
export type BankTimeConfig = Readonly<{
  /** IANA time zone of the bank (BANK_TIME_ZONE, default Asia/Shanghai). */
  bankTimeZone: string;
  /**
   * Folder of the bank calendar files (BANK_CALENDAR_DIR, default config/calendar, resolved from
   * the working directory): every `*.yaml` in it, one or more years each, merged into one calendar
   * of holidays and working weekends. Read and checked at boot by the processes that need it.
   */
  bankCalendarDir: string;
}>;

export const DEFAULT_BANK_TIME_ZONE = 'Asia/Shanghai';
export const DEFAULT_BANK_CALENDAR_DIR = 'config/calendar';

const isKnownTimeZone = (timeZone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
};

export const loadBankTimeConfig = (env: NodeJS.ProcessEnv = process.env): BankTimeConfig => {
  const bankTimeZone = env.BANK_TIME_ZONE || DEFAULT_BANK_TIME_ZONE;
  if (!isKnownTimeZone(bankTimeZone)) {
    throw new ConfigError('BANK_TIME_ZONE', 'must be an IANA time zone name such as Asia/Shanghai');
  }
  return { bankTimeZone, bankCalendarDir: resolve(env.BANK_CALENDAR_DIR || DEFAULT_BANK_CALENDAR_DIR) };
};
