import { addDays, bankDateOf, startOfBankDate } from '@crm/domain';

/**
 * The back-test's clock: log time, not wall-clock time. It starts at the first event replayed and
 * only moves forward, because the log is in commit order and an event may carry an earlier
 * `occurredAt` (a contact logged after the fact); a clock that stepped back would date an alert
 * before one already raised.
 *
 * Production sweeps every `RISK_SWEEP_INTERVAL_MS` (a minute by default), so a clock rule fires
 * within a minute of the bank day on which it comes due, whether or not anything is written that
 * day. The replay does the same once per bank day: moving the clock across the start of a day
 * (midnight in the bank's time zone) stops there and runs the sweep before going on.
 */
export class ReplayClock {
  private current: number | null = null;

  constructor(private readonly timeZone: string) {}

  /** The clock as the monitor reads it; the epoch before the first event (nothing reads it then). */
  now(): Date {
    return new Date(this.current ?? 0);
  }

  /**
   * Moves to `instant` (ignored when it is not later), calling `atDayStart` at the start of every
   * bank day on the way, with the clock standing at that start. The first move only sets the clock:
   * before the first event there is nothing to sweep.
   */
  async moveTo(instant: number, atDayStart: () => Promise<void>): Promise<void> {
    if (this.current === null) {
      this.current = instant;
      return;
    }
    if (instant <= this.current) return;
    for (;;) {
      const next = startOfBankDate(addDays(bankDateOf(this.current, this.timeZone), 1), this.timeZone);
      if (next > instant) break;
      this.current = next;
      await atDayStart();
    }
    this.current = instant;
  }
}
