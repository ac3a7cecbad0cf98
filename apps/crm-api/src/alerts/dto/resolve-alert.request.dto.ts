import { ALERT_OUTCOMES, type AlertOutcome } from '@crm/domain';
import { EnumField, TextField } from '@crm/api-kit';

export class ResolveAlertRequestDto {
  @EnumField(ALERT_OUTCOMES, {
    description: 'false_positive on a high or critical alert needs someone other than the client’s manager (four eyes)',
  })
  outcome!: AlertOutcome;

  @TextField(2000, { example: 'Arrears cleared on 3 March; facility restructured' })
  note!: string;
}
