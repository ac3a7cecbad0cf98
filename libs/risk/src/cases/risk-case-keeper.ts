import {
  alertDecider,
  alertStreamId,
  DomainError,
  riskCaseDecider,
  riskCaseIdFor,
  riskCaseStreamId,
  type BankCalendar,
  type MarkRiskCaseOverdue,
  type RiskCaseCommand,
  type RiskCaseState,
  type TrackCaseAlert,
} from '@crm/domain';
import { handleCommand, loadStream, type EventStore } from '@crm/event-store';
import type { RiskStateStore } from '../state/risk-state-store.port';
import { RISK_MONITOR_ACTOR } from '../engine/alert-writer';

/** Far more cases than a client can have had; a walk that passes it means a corrupt index or log. */
const MAX_EPISODES_WALKED = 10_000;

/**
 * Keeps the risk cases in step with the alerts (docs/decisions.md §47). For an alert, it tells the
 * client's current case where the alert stands *now* (read from the alert's stream, not from the
 * event that woke it), so a replayed, repeated or late event changes nothing. The current case is
 * the client's first case that is not closed; the index in the risk state says where to start
 * looking, and RISK_CASE.CLOSED moves the keeper on. Case ids are derived from (client, episode),
 * so two keepers can only ever name the same stream, and the store's revisions let one open it.
 */
export class RiskCaseKeeper {
  constructor(
    private readonly store: EventStore,
    private readonly states: RiskStateStore,
    private readonly calendar: BankCalendar,
  ) {}

  /**
   * Brings the client's current case in line with the alert. `at` is when the alert's change was
   * recorded, the time the case events carry (the keeper reads no clock: a replay decides alike).
   */
  async syncAlert(alertId: string, at: string, causationId: string): Promise<void> {
    const { state: alert } = await loadStream(this.store, alertStreamId(alertId), alertDecider);
    if (alert.status === 'none') return;
    const clientId = alert.clientId;
    let episode = (await this.states.caseOf(clientId))?.episode ?? 1;
    for (let walked = 0; walked < MAX_EPISODES_WALKED; walked += 1, episode += 1) {
      const caseId = riskCaseIdFor(clientId, episode);
      const command: TrackCaseAlert = {
        type: 'TrackCaseAlert',
        data: {
          caseId,
          clientId,
          episode,
          alertId,
          ruleId: alert.ruleId,
          severity: alert.severity,
          open: alert.status !== 'resolved',
        },
        metadata: { now: at, actor: RISK_MONITOR_ACTOR, calendar: this.calendar },
      };
      try {
        const result = await this.decide(caseId, command, causationId);
        await this.remember(clientId, episode, result);
        return;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'RISK_CASE.CLOSED')) throw error;
      }
    }
    throw new Error(`risk case keeper walked ${MAX_EPISODES_WALKED} closed cases of one client`);
  }

  /**
   * Marks every open case past its due time at `now` overdue. Once per case: the decider records
   * nothing for a case already marked, so a sweep that runs again, or twice at once, adds nothing.
   */
  async sweepOverdue(now: string): Promise<number> {
    let marked = 0;
    for (const { clientId, episode } of await this.states.casesDue(now)) {
      const caseId = riskCaseIdFor(clientId, episode);
      const command: MarkRiskCaseOverdue = {
        type: 'MarkRiskCaseOverdue',
        data: {},
        metadata: { now, actor: RISK_MONITOR_ACTOR },
      };
      try {
        const result = await this.decide(caseId, command, `overdue-sweep:${now}`);
        marked += result.events.length;
        await this.remember(clientId, episode, result);
      } catch (error) {
        // An index entry for a case that was never opened (a lost append): nothing to mark.
        if (!(error instanceof DomainError && error.code === 'RISK_CASE.NOT_FOUND')) throw error;
        await this.states.saveCase(clientId, { episode, open: false, dueBy: null, overdue: false });
      }
    }
    return marked;
  }

  private decide(caseId: string, command: RiskCaseCommand, causationId: string) {
    return handleCommand(this.store, riskCaseStreamId(caseId), riskCaseDecider, command, {
      correlationId: causationId,
      causationId,
      actor: RISK_MONITOR_ACTOR,
    });
  }

  private async remember(clientId: string, episode: number, result: { state: RiskCaseState }): Promise<void> {
    const state = result.state;
    await this.states.saveCase(
      clientId,
      state.status === 'none'
        ? { episode, open: false, dueBy: null, overdue: false }
        : { episode, open: state.status === 'open', dueBy: state.dueBy, overdue: state.overdue },
    );
  }
}
