/**
 * Money and other amounts travel as decimal strings ("5000000.00"), never floats. These helpers
 * check and compare them exactly, without converting to binary floating point.
 */
export const DECIMAL_PATTERN = /^(0|[1-9]\d{0,17})(\.\d{1,4})?$/;

export const isDecimalString = (value: unknown): value is string =>
  typeof value === 'string' && DECIMAL_PATTERN.test(value);

export const SIGNED_DECIMAL_PATTERN = /^-?(0|[1-9]\d{0,17})(\.\d{1,4})?$/;

export const isSignedDecimalString = (value: unknown): value is string =>
  typeof value === 'string' && SIGNED_DECIMAL_PATTERN.test(value);

const SCALE = 4;

/** Digit strings this long parse exactly as a double (< 2^53), far cheaper than as a bigint. */
const EXACT_DIGITS = 15;
const MAX_EXACT_UNITS = BigInt(Number.MAX_SAFE_INTEGER);
const UNITS_PER_WHOLE = 10 ** SCALE;
const MINUS = 45;

/** Exact fixed-point value (4 decimal places) as a bigint. */
export const toUnits = (value: string): bigint => {
  if (!isSignedDecimalString(value)) throw new RangeError('not a decimal string');
  const negative = value.charCodeAt(0) === MINUS;
  const dot = value.indexOf('.');
  const whole = value.slice(negative ? 1 : 0, dot < 0 ? value.length : dot);
  const fraction = dot < 0 ? '' : value.slice(dot + 1);
  const digits = whole + fraction.padEnd(SCALE, '0');
  const units = digits.length <= EXACT_DIGITS ? BigInt(Number(digits)) : BigInt(digits);
  return negative ? -units : units;
};

export const compareDecimal = (a: string, b: string): number => {
  const d = toUnits(a) - toUnits(b);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
};

/** Ratio a/b as a number, for thresholds (utilisation, leverage); exact enough for 1e-9 comparisons. */
export const decimalRatio = (a: string, b: string): number => {
  const denominator = toUnits(b);
  if (denominator === 0n) return Number.POSITIVE_INFINITY;
  const scaled = (toUnits(a) * 1_000_000_000n) / denominator;
  return Number(scaled) / 1_000_000_000;
};

/**
 * The decimal string of fixed-point units (toUnits), for sums: at least two decimals, as money
 * is shown, and the others only when they are not zero ("1250.50", "-0.25", "0.1234").
 */
export const decimalOfUnits = (units: bigint): string => {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  let whole: string;
  let fraction: string;
  if (magnitude <= MAX_EXACT_UNITS) {
    // Below 2^53 a double holds the units exactly, and its division and remainder are exact too.
    const exact = Number(magnitude);
    whole = String(Math.floor(exact / UNITS_PER_WHOLE));
    fraction = String(exact % UNITS_PER_WHOLE).padStart(SCALE, '0');
  } else {
    const scale = 10n ** BigInt(SCALE);
    whole = (magnitude / scale).toString();
    fraction = (magnitude % scale).toString().padStart(SCALE, '0');
  }
  const trimmed = fraction.slice(0, 2) + fraction.slice(2).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}.${trimmed}`;
};
