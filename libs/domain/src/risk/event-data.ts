import { isDecimalString, isSignedDecimalString } from '../common/decimal';
import { isBankDate } from '../calendar/bank-date';
import { isOn } from '../common/scales';
import { parseInstant } from './instant';

/**
 * Defensive readers for RiskEvent data. Each returns null when the field is missing or not of the
 * expected shape, and the caller then ignores the event for what it needed the field for: a rule
 * must never throw on one odd message and hold back a client's alerts.
 */
type Data = Readonly<Record<string, unknown>>;

/** Own fields only, and no field at all when a message arrives without a data object. */
const field = (data: Data, key: string): unknown =>
  typeof data === 'object' && data !== null && Object.prototype.hasOwnProperty.call(data, key) ? data[key] : undefined;

/** Ids and codes (facility, flag, holding, period); the contract caps them well below this. */
const MAX_ID = 128;

export const idField = (data: Data, key: string): string | null => {
  const value = field(data, key);
  return typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_ID ? value : null;
};

export const integerField = (data: Data, key: string, min: number): number | null => {
  const value = field(data, key);
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min ? value : null;
};

export const decimalField = (data: Data, key: string): string | null => {
  const value = field(data, key);
  return isDecimalString(value) ? value : null;
};

export const signedDecimalField = (data: Data, key: string): string | null => {
  const value = field(data, key);
  return isSignedDecimalString(value) ? value : null;
};

export const currencyField = (data: Data, key: string): string | null => {
  const value = field(data, key);
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value) ? value : null;
};

export const scaleField = <T extends string>(data: Data, key: string, scale: readonly T[]): T | null => {
  const value = field(data, key);
  return isOn(scale, value) ? value : null;
};

/** A bank date (YYYY-MM-DD). */
export const dateField = (data: Data, key: string): string | null => {
  const value = field(data, key);
  return isBankDate(value) ? value : null;
};

export const instantField = (data: Data, key: string): number | null => parseInstant(field(data, key));
