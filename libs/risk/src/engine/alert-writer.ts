import {
  alertDecider,
  alertStreamId,
  DomainError,
  type AlertCommand,
  type BankCalendar,
  type RaiseAlert,
  type RiskReading,
} from '@crm/domain';
import { handleCommand, type EventStore } from '@crm/event-store';
import { inSpan, type TraceContext } from '@crm/platform';

export type RaiseOutcome = 'raised' | 'escalated' | 'unchanged' | 'resolved';

export const RISK_MONITOR_ACTOR = { userId: 'risk-monitor', role: 'service' } as const;

/**
 * Turns a rule's reading into an alert command on the alert's own stream. The alert id is
 * derived from (rule, client, episode), and the decider raises a new stream, escalates an open
 * alert on a worse reading and ignores anything else, so a replayed reading writes nothing.
 * The due time is counted on `calendar`, the bank calendar the process loaded at boot.
 */
export class AlertWriter {
  constructor(
    private readonly store: EventStore,
    private readonly calendar: BankCalendar,
  ) {}

  async raise(
    input: Readonly<{
      alertId: string;
      clientId: string;
      episode: number;
      reading: RiskReading;
      now: string;
      /** The evaluation that read the risk; the alert's events continue its trace. */
      trace?: TraceContext | null;
    }>,
  ): Promise<RaiseOutcome> {
    const parent = input.trace ?? null;
    if (parent === null) return this.write(input, undefined);
    const attributes = { 'crm.alert_id': input.alertId, 'crm.rule_id': input.reading.ruleId };
    return inSpan('alert raise', { parent, attributes }, async (span) => {
      const outcome = await this.write(input, span.context);
      span.setAttributes({ 'crm.alert_outcome': outcome });
      return outcome;
    });
  }

  private async write(
    input: Readonly<{ alertId: string; clientId: string; episode: number; reading: RiskReading; now: string }>,
    trace: TraceContext | undefined,
  ): Promise<RaiseOutcome> {
    const command: RaiseAlert = {
      type: 'RaiseAlert',
      data: {
        alertId: input.alertId,
        clientId: input.clientId,
        ruleId: input.reading.ruleId,
        ruleVersion: input.reading.ruleVersion,
        episode: input.episode,
        severity: input.reading.severity,
        reason: input.reading.reason,
        evidence: [...input.reading.evidence],
        ...(input.reading.stage === undefined ? {} : { stage: input.reading.stage }),
      },
      metadata: { now: input.now, actor: RISK_MONITOR_ACTOR, calendar: this.calendar },
    };
    const cause = input.reading.evidence[0] ?? `sweep:${input.now}`;
    try {
      const result = await handleCommand(
        this.store,
        alertStreamId(input.alertId),
        alertDecider,
        command as AlertCommand,
        {
          correlationId: cause,
          causationId: cause,
          actor: RISK_MONITOR_ACTOR,
          ...(trace === undefined ? {} : { trace }),
        },
      );
      const written = result.events[0];
      if (written === undefined) return 'unchanged';
      return written.type === 'AlertRaised' ? 'raised' : 'escalated';
    } catch (error) {
      if (error instanceof DomainError && error.code === 'ALERT.RESOLVED') return 'resolved';
      throw error;
    }
  }
}
