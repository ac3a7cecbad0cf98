import {
  callsForRecovery,
  csatOf,
  isBelowTarget,
  npsOf,
  NO_SATISFACTION_COUNTS,
  percentRounded,
} from './satisfaction-figures';

describe('satisfaction figures', () => {
  test.each([
    [1, 8, 13], // 12.5 rounds away from zero
    [-1, 8, -13],
    [1, 3, 33],
    [2, 3, 67],
    [-2, 3, -67],
    [0, 5, 0],
    [7, 7, 100],
    [-7, 7, -100],
  ])('100 × %d / %d rounds to %d, halves away from zero', (numerator, denominator, expected) => {
    expect(percentRounded(numerator, denominator)).toBe(expected);
  });

  test('NPS is promoters minus detractors over NPS answers; CSAT the share of 4–5 among CSAT answers', () => {
    const counts = { npsAnswers: 8, promoters: 3, detractors: 2, csatAnswers: 3, satisfied: 2 };
    expect(npsOf(counts)).toBe(13);
    expect(csatOf(counts)).toBe(67);
  });

  test('a figure without answers of its kind is null', () => {
    expect(npsOf(NO_SATISFACTION_COUNTS)).toBeNull();
    expect(csatOf(NO_SATISFACTION_COUNTS)).toBeNull();
  });

  test.each([
    ['nps', 0, true],
    ['nps', 6, true],
    ['nps', 7, false],
    ['nps', 10, false],
    ['csat', 1, true],
    ['csat', 2, true],
    ['csat', 3, false],
  ] as const)('%s %d calls for a recovery: %s', (kind, score, expected) => {
    expect(callsForRecovery(kind, score)).toBe(expected);
  });

  test('below target when a judged figure is below its target, never on a missing one', () => {
    const target = { nps: 30, csat: 80 };
    expect(isBelowTarget({ nps: 29, csat: 90 }, target)).toBe(true);
    expect(isBelowTarget({ nps: 30, csat: 79 }, target)).toBe(true);
    expect(isBelowTarget({ nps: 30, csat: 80 }, target)).toBe(false);
    expect(isBelowTarget({ nps: null, csat: 80 }, target)).toBe(false);
    expect(isBelowTarget({ nps: null, csat: null }, target)).toBe(false);
  });
});
