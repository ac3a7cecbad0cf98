import { Injectable, type PipeTransform } from '@nestjs/common';
import { ApiError } from '@crm/platform';

/** `<clientUuid>.<episode>`, as the case keeper names cases (riskCaseIdFor). */
const RISK_CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[1-9]\d{0,6}$/i;

/** A path risk case id; the client uuid in it is lower-cased, as client ids are stored. */
@Injectable()
export class RiskCaseIdParam implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}

  transform(value: string): string {
    if (!RISK_CASE_ID.test(value)) {
      throw new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [
        { field: this.field, message: `${this.field} must be a client id and an episode, e.g. <uuid>.1` },
      ]);
    }
    return value.toLowerCase();
  }
}
