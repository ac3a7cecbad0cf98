import { Injectable, type PipeTransform } from '@nestjs/common';
import { ApiError } from '@crm/platform';
import { ALERT_ID_PATTERN } from '@crm/read-models';

/**
 * A path alert id (`EW-DPD.<clientUuid>.1`): letters, digits and `. _ -`, at most 200 characters.
 * Kept as given: alert ids are opaque and case matters in them.
 */
@Injectable()
export class AlertIdParam implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}

  transform(value: string): string {
    if (!ALERT_ID_PATTERN.test(value)) {
      throw new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [
        { field: this.field, message: `${this.field} must be 1–200 letters, digits, . _ -` },
      ]);
    }
    return value;
  }
}
