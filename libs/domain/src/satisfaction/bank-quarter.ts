import type { BankDate } from '../calendar/bank-date';

/** A calendar quarter of the bank, `YYYY-Qn` (2026-Q1 is January to March). */
export type BankQuarter = string;

const QUARTER = /^([12]\d{3})-Q([1-4])$/;

export const isBankQuarter = (value: unknown): value is BankQuarter => typeof value === 'string' && QUARTER.test(value);

const partsOf = (quarter: BankQuarter): readonly [number, number] => {
  const match = QUARTER.exec(quarter);
  if (match === null) throw new RangeError('a quarter is YYYY-Qn');
  return [Number(match[1]), Number(match[2])];
};

/** The quarter holding `date` (YYYY-MM-DD). */
export const quarterOfDate = (date: BankDate): BankQuarter =>
  `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;

/** The quarter's first date. Throws RangeError on anything but YYYY-Qn. */
export const quarterStartDate = (quarter: BankQuarter): BankDate => {
  const [year, number] = partsOf(quarter);
  return `${year}-${String((number - 1) * 3 + 1).padStart(2, '0')}-01`;
};

/** The quarter `by` quarters after `quarter` (before it when negative). */
export const shiftQuarter = (quarter: BankQuarter, by: number): BankQuarter => {
  const [year, number] = partsOf(quarter);
  const index = year * 4 + (number - 1) + by;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
};
