import { weekdaysCalendar } from '@crm/domain';
import type { EventStore } from '@crm/event-store';
import { AlertWriter, type RaiseOutcome } from '../engine/alert-writer';
import type { AlertTally } from './alert-tally';

/**
 * The production alert writer (so the alert decider decides raise, escalate or nothing exactly as
 * it would) over the back-test's scratch store, telling a tally what it wrote.
 */
export class TallyingAlertWriter extends AlertWriter {
  constructor(
    scratch: EventStore,
    private readonly tally: AlertTally,
    timeZone: string,
  ) {
    // The back-test counts alerts, never their due times: the bank's holidays would change nothing it reports.
    super(scratch, weekdaysCalendar(timeZone));
  }

  override async raise(input: Parameters<AlertWriter['raise']>[0]): Promise<RaiseOutcome> {
    const outcome = await super.raise(input);
    if (outcome === 'raised' || outcome === 'escalated') {
      this.tally.record(input.reading.ruleId, input.clientId, outcome, input.now);
    }
    return outcome;
  }
}
