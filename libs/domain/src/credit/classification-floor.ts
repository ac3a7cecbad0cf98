import { LOAN_CLASSIFICATIONS, rank, type LoanClassification } from '../common/scales';

/** Days past due from which each classification is the least the loan may carry. */
export type FloorThresholds = Readonly<{
  specialMentionDays: number;
  substandardDays: number;
  doubtfulDays: number;
  lossDays: number;
}>;

/**
 * The least severe classification arrears allow (China's 2023 measures for the risk classification
 * of financial assets: any overdue principal or interest at least special mention; over 90 days
 * substandard, over 270 doubtful, over 360 loss). 'normal' when current.
 */
export const classificationFloor = (daysPastDue: number, thresholds: FloorThresholds): LoanClassification => {
  if (daysPastDue >= thresholds.lossDays) return 'loss';
  if (daysPastDue >= thresholds.doubtfulDays) return 'doubtful';
  if (daysPastDue >= thresholds.substandardDays) return 'substandard';
  if (daysPastDue >= thresholds.specialMentionDays) return 'special_mention';
  return 'normal';
};

/** Whether `recorded` (null: never classified, read as normal) is better than `floor`. */
export const isBelowFloor = (recorded: LoanClassification | null, floor: LoanClassification): boolean =>
  rank(LOAN_CLASSIFICATIONS, recorded ?? 'normal') < rank(LOAN_CLASSIFICATIONS, floor);
