/**
 * A bank calendar that cannot be used. It lists every problem at once (`holidays: 2026-02-30 is
 * not a YYYY-MM-DD date`), so an operator fixes the file in one pass. Raised when a process
 * boots, never while it runs, so it is an Error and not a DomainError: no caller request is at
 * fault.
 */
export class BankCalendarError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid bank calendar: ${problems.join('; ')}`);
    this.name = 'BankCalendarError';
  }
}
