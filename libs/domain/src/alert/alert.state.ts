import type { Severity } from '../common/scales';
import type { AlertOutcome } from './alert.events';

/**
 * What the alert decider needs to know about one alert, folded from its stream. Alerts carry no
 * personal data, so nothing here needs care on erasure.
 */
export type ExistingAlertState = Readonly<{
  status: 'open' | 'acknowledged' | 'escalated' | 'resolved';
  alertId: string;
  clientId: string;
  ruleId: string;
  ruleVersion: number;
  episode: number;
  severity: Severity;
  /** The rule's stage within the severity; 0 or absent for rules without stages. */
  stage?: number;
  raisedAt: string;
  /** When the alert must next be worked; moves on escalation to a new severity and on reopening. */
  dueBy: string;
  /** Set while resolved; a reopened alert drops it. */
  outcome?: AlertOutcome;
}>;

export type AlertState = Readonly<{ status: 'none' }> | ExistingAlertState;

export const initialAlertState: AlertState = { status: 'none' };
