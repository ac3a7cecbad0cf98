import { RISK_FLAG_TYPES, SEVERITIES, type RiskFlagType, type Severity } from '@crm/domain';
import { EnumField, TextField } from '@crm/api-kit';

export class RaiseRiskFlagRequestDto {
  @EnumField(RISK_FLAG_TYPES)
  type!: RiskFlagType;

  @EnumField(SEVERITIES)
  severity!: Severity;

  @TextField(4000)
  note!: string;
}
