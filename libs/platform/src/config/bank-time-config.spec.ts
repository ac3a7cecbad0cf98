import { resolve } from 'node:path';
import { loadBankTimeConfig } from './bank-time-config';

describe('loadBankTimeConfig', () => {
  it('reads the calendar from config/calendar under the working directory by default', () => {
    expect(loadBankTimeConfig({}).bankCalendarDir).toBe(resolve(process.cwd(), 'config/calendar'));
    expect(loadBankTimeConfig({ BANK_CALENDAR_DIR: '' }).bankCalendarDir).toBe(resolve('config/calendar'));
  });

  it('takes BANK_CALENDAR_DIR, relative to the working directory or absolute', () => {
    expect(loadBankTimeConfig({ BANK_CALENDAR_DIR: 'etc/holidays' }).bankCalendarDir).toBe(resolve('etc/holidays'));
    expect(loadBankTimeConfig({ BANK_CALENDAR_DIR: '/srv/crm/calendar' }).bankCalendarDir).toBe('/srv/crm/calendar');
  });
});
