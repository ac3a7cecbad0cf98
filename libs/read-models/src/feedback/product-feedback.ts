import { FEEDBACK_STATUSES, FEEDBACK_THEMES, type FeedbackStatus, type FeedbackTheme } from '@crm/domain';
import type { FeedbackCount } from './feedback-row';

/** Feedback without a theme: forwarded before themes, or without one. */
export const UNRECORDED_THEME = 'unrecorded';

/**
 * The feedback forwarded about one product, bank-wide: how much, by theme and by status. Every
 * theme and status is present, with 0 when none; counts only, no client.
 */
export type ProductFeedback = Readonly<{
  productCode: string;
  total: number;
  byTheme: Readonly<Record<FeedbackTheme | typeof UNRECORDED_THEME, number>>;
  byStatus: Readonly<Record<FeedbackStatus, number>>;
}>;

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

export const productFeedbackOf = (productCode: string, counts: readonly FeedbackCount[]): ProductFeedback => {
  const byTheme = zeros<FeedbackTheme | typeof UNRECORDED_THEME>([...FEEDBACK_THEMES, UNRECORDED_THEME]);
  const byStatus = zeros<FeedbackStatus>(FEEDBACK_STATUSES);
  let total = 0;
  for (const { theme, status, count } of counts) {
    const themeKey = theme ?? UNRECORDED_THEME;
    // A value a newer build wrote is left out rather than counted under a wrong key.
    if (!Object.hasOwn(byTheme, themeKey) || !Object.hasOwn(byStatus, status)) continue;
    byTheme[themeKey] += count;
    byStatus[status] += count;
    total += count;
  }
  return { productCode, total, byTheme, byStatus };
};
