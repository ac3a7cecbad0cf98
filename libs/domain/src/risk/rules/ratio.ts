import { toUnits } from '../../common/decimal';

/**
 * Exact threshold tests on decimal strings: a/b > r is a·10⁴ > b·r in fixed-point units (see
 * common/decimal.ts), so 0.9 is never "slightly above" 0.9 as it can be in binary floating point.
 * A zero denominator makes any positive numerator exceed every ratio, which is what a drawn
 * amount on a zero limit, or liabilities without assets, mean.
 */
const RATIO_SCALE = 10_000n;

export const unitsRatioAbove = (numerator: bigint, denominator: bigint, ratio: string): boolean =>
  numerator * RATIO_SCALE > denominator * toUnits(ratio);

export const unitsRatioAtLeast = (numerator: bigint, denominator: bigint, ratio: string): boolean =>
  numerator * RATIO_SCALE >= denominator * toUnits(ratio);

export const ratioAbove = (numerator: string, denominator: string, ratio: string): boolean =>
  unitsRatioAbove(toUnits(numerator), toUnits(denominator), ratio);

export const ratioAtLeast = (numerator: string, denominator: string, ratio: string): boolean =>
  unitsRatioAtLeast(toUnits(numerator), toUnits(denominator), ratio);

/** '0.9' → '90%', '0.9001' → '90.01%', '1.0' → '100%'; for reason texts. */
export const asPercent = (ratio: string): string => {
  // Four decimal places of a ratio are exactly two of a percentage: 0.9001 is 9001 hundredths of a percent.
  const hundredths = toUnits(ratio);
  const whole = hundredths / 100n;
  const fraction = (hundredths % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return fraction.length > 0 ? `${whole}.${fraction}%` : `${whole}%`;
};
