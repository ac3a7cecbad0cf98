import { parseFinancialPeriod } from '../credit/financial-period';
import { isDecimalString, isSignedDecimalString } from '../common/decimal';
import { invalid, type DomainErrorCode } from '../common/domain-error';
import { isOn } from '../common/scales';

/**
 * Input checks shared by the deciders. Commands arrive from HTTP and Kafka, so types are not
 * trusted at runtime. Messages name the field and the rule but never echo the value, which may
 * be personal data.
 */
const INVALID: DomainErrorCode = 'CLIENT.INVALID_VALUE';

export const isText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

export const requireText = (value: unknown, field: string, code: DomainErrorCode = INVALID): string => {
  if (!isText(value)) throw invalid(code, `${field} must be a non-empty string`, field);
  return value;
};

/** Optional text: absent is fine, present-but-blank is not. */
export const optionalText = (value: unknown, field: string, code: DomainErrorCode = INVALID): string | undefined =>
  value === undefined ? undefined : requireText(value, field, code);

export const requireOn = <T extends string>(
  scale: readonly T[],
  value: unknown,
  field: string,
  code: DomainErrorCode = INVALID,
): T => {
  if (!isOn(scale, value)) throw invalid(code, `${field} must be one of ${scale.join(', ')}`, field);
  return value;
};

export const requireDecimal = (value: unknown, field: string): string => {
  if (!isDecimalString(value)) throw invalid(INVALID, `${field} must be a non-negative decimal string`, field);
  return value;
};

export const requireSignedDecimal = (value: unknown, field: string): string => {
  if (!isSignedDecimalString(value)) throw invalid(INVALID, `${field} must be a decimal string`, field);
  return value;
};

const CURRENCY_PATTERN = /^[A-Z]{3}$/;

export const requireCurrency = (value: unknown, field = 'currency'): string => {
  if (typeof value !== 'string' || !CURRENCY_PATTERN.test(value)) {
    throw invalid(INVALID, `${field} must be a 3-letter upper-case currency code`, field);
  }
  return value;
};

/** A reporting period the rules can place in time and set against the same period a year earlier. */
export const requireFinancialPeriod = (value: unknown, field = 'period'): string => {
  const period = parseFinancialPeriod(value);
  if (period === null) {
    throw invalid(
      INVALID,
      `${field} must be a year, half, quarter or month such as 2026, 2026-H1, 2026-Q1 or 2026-03`,
      field,
    );
  }
  return period.code;
};

/** Date.parse alone accepts locale formats; the pattern pins ISO-8601 with an explicit offset. */
const ISO_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Returns epoch milliseconds so callers compare instants, not strings with different offsets. */
export const requireIsoTime = (value: unknown, field: string, code: DomainErrorCode = INVALID): number => {
  const millis = typeof value === 'string' && ISO_TIME_PATTERN.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(millis)) throw invalid(code, `${field} must be an ISO-8601 timestamp`, field);
  return millis;
};

export const requireInteger = (value: unknown, field: string, min: number, max: number): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(INVALID, `${field} must be an integer from ${min} to ${max}`, field);
  }
  return value;
};
