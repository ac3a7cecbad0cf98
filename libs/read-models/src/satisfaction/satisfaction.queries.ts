import {
  isBelowTarget,
  quarterStartDate,
  shiftQuarter,
  startOfBankDate,
  type BankQuarter,
  type SatisfactionTarget,
} from '@crm/domain';
import { InvalidQueryError } from '../queries/invalid-query.error';
import type { ReadModelStore } from '../store/read-model-store.port';
import {
  figuresOf,
  monthCuts,
  requireSatisfactionWindow,
  rowsByGroup,
  satisfactionItems,
  type SatisfactionFigures,
  type SatisfactionGrouping,
  type SatisfactionReport,
} from './satisfaction-report';

/** What `GET /v1/satisfaction` asks: whose answers (neither: the bank's), which dates, grouped how. */
export type SatisfactionQuery = Readonly<{
  branchId?: string;
  managerId?: string;
  from: string;
  to: string;
  groupBy: SatisfactionGrouping;
}>;

/** A quarter's figures against the branch's target (`belowTarget`: either judged figure below it). */
export type QuarterFigures = SatisfactionFigures & Readonly<{ quarter: BankQuarter; belowTarget: boolean }>;

/** The instants a quarter of the bank's calendar starts at and the next one starts at. */
export const quarterBounds = (quarter: BankQuarter, timeZone: string): readonly [string, string] => {
  const start = (q: BankQuarter): string => new Date(startOfBankDate(quarterStartDate(q), timeZone)).toISOString();
  return [start(quarter), start(shiftQuarter(quarter, 1))];
};

/** NPS and CSAT over time, from the `satisfaction_responses` rows the client projector keeps. */
export class SatisfactionQueries {
  constructor(private readonly store: ReadModelStore) {}

  /**
   * The figures of `query` on the bank's calendar in `timeZone`, each item with `target` when one
   * is given (a branch's). Throws InvalidQueryError for a window out of order or too long, or for
   * both a branch and a manager.
   */
  async report(query: SatisfactionQuery, timeZone: string, target?: SatisfactionTarget): Promise<SatisfactionReport> {
    if (query.branchId !== undefined && query.managerId !== undefined) {
      throw new InvalidQueryError('managerId', 'give branchId or managerId, not both');
    }
    requireSatisfactionWindow(query.from, query.to);
    const cuts = monthCuts(query.from, query.to, timeZone);
    const subject = {
      ...(query.branchId === undefined ? {} : { branchId: query.branchId }),
      ...(query.managerId === undefined ? {} : { managerId: query.managerId }),
    };
    const rows =
      query.groupBy === 'month'
        ? await this.store.satisfaction.counts(subject, cuts.bounds, 'period')
        : await this.store.satisfaction.counts(
            subject,
            [cuts.bounds[0], cuts.bounds[cuts.bounds.length - 1]],
            query.groupBy,
          );
    const items = satisfactionItems(query.groupBy, rows, cuts);
    return {
      branchId: query.branchId ?? null,
      managerId: query.managerId ?? null,
      from: query.from,
      to: query.to,
      timeZone,
      groupBy: query.groupBy,
      items: target === undefined ? items : items.map((item) => ({ ...item, target })),
    };
  }

  /** The branch's figures for each of `quarters`, against `target`. */
  async branchQuarters(
    branchId: string,
    quarters: readonly BankQuarter[],
    timeZone: string,
    target: SatisfactionTarget,
  ): Promise<QuarterFigures[]> {
    if (quarters.length === 0) return [];
    const bounds = [...quarters.map((quarter) => quarterBounds(quarter, timeZone)[0])];
    bounds.push(quarterBounds(quarters[quarters.length - 1], timeZone)[1]);
    const groups = rowsByGroup(await this.store.satisfaction.counts({ branchId }, bounds, 'period'));
    return quarters.map((quarter, index) => {
      const figures = figuresOf(groups.get(bounds[index]) ?? []);
      return { quarter, ...figures, belowTarget: isBelowTarget(figures, target) };
    });
  }

  /** Every branch's figures for `quarter` (branches with answers only): what the target sweep judges. */
  async quarterByBranch(quarter: BankQuarter, timeZone: string): Promise<Map<string, SatisfactionFigures>> {
    const groups = rowsByGroup(await this.store.satisfaction.counts({}, quarterBounds(quarter, timeZone), 'branch'));
    const figures = new Map<string, SatisfactionFigures>();
    for (const [branchId, rows] of groups) if (branchId !== null) figures.set(branchId, figuresOf(rows));
    return figures;
  }
}
