import { SEVERITIES, type Severity } from '@crm/domain';
import { CodeField, EnumField, TextField } from '@crm/api-kit';

export class EscalateAlertRequestDto {
  /** A role or team id; the risk monitor's own escalations say `risk_monitor`. */
  @CodeField(100, { example: 'credit_committee', description: 'The role or team the alert is handed on to' })
  to!: string;

  @EnumField(SEVERITIES, {
    optional: true,
    description: 'A higher severity (never lower); the current one when absent',
  })
  severity?: Severity;

  @TextField(500, { example: 'Second missed payment this quarter' })
  reason!: string;
}
