/**
 * A contribution's fixed-point units as two integers, `high = units / 10^11` and `low = units % 10^11`.
 * An amount may have 18 digits before the point (up to 10^22 units), more than a 64-bit integer
 * holds; each limb stays below 10^11, so sums of up to 9 × 10^7 of them stay exact in both
 * engines' 64-bit integers (SQLite's SUM raises on overflow rather than losing digits), and
 * ordering by (high, low) orders by amount.
 */
const LIMB = 10n ** 11n;

export const contributionLimbs = (units: bigint): readonly [high: bigint, low: bigint] => [units / LIMB, units % LIMB];

export const unitsOfLimbs = (high: bigint, low: bigint): bigint => high * LIMB + low;
