import { addDays, startOfBankDate, type BankDate } from '@crm/domain';
import { hoursBetween, nearestRank } from '../complaints/complaints-summary';
import { SERVICE_MEASURES, type ServiceMeasure, type ServiceTimeRow } from './service-time';

/**
 * Hours within which work without a deadline of its own should be done. Complaints and risk cases
 * carry their own (`dueAt`); a measure left out here is judged only where its work has one.
 */
export type ServiceLevelTargets = Readonly<Partial<Record<ServiceMeasure, number>>>;

/** A department of the configured directory, as the report names it. */
export type ServiceDepartment = Readonly<{ id: string; name: string; kind: string }>;

/** Dates of the bank's calendar, both included, as the UTC instants the window starts and ends at. */
export type ServiceLevelWindow = Readonly<{
  from: BankDate;
  to: BankDate;
  timeZone: string;
  start: string;
  end: string;
}>;

export const serviceLevelWindow = (from: BankDate, to: BankDate, timeZone: string): ServiceLevelWindow => ({
  from,
  to,
  timeZone,
  start: new Date(startOfBankDate(from, timeZone)).toISOString(),
  end: new Date(startOfBankDate(addDays(to, 1), timeZone)).toISOString(),
});

/** What the report reads of a finished piece of work. */
export type EndedServiceTime = Pick<ServiceTimeRow, 'measure' | 'departmentId' | 'startedAt' | 'dueAt'> &
  Readonly<{ endedAt: string }>;

export type RatingScore = Readonly<{ departmentId: string; score: number }>;

export type MeasureLevel = Readonly<{
  measure: ServiceMeasure;
  /** Work of this kind finished in the window (whenever it started). */
  completed: number;
  /** Hours from start to finish at the 50th and 90th percentile (nearest rank). */
  p50Hours: number | null;
  p90Hours: number | null;
  /** The configured target in hours, for work without a deadline of its own; null when none is configured. */
  targetHours: number | null;
  /** Finished work that had a deadline (its own, or start + target), and how much of it met it. */
  withTarget: number;
  withinTarget: number;
  withinTargetShare: number | null;
}>;

export type DepartmentSatisfaction = Readonly<{
  ratings: number;
  /** Mean score (1–5) to two decimals; null without ratings. */
  averageScore: number | null;
  /** Share of ratings of 4 or 5; null without ratings. */
  satisfiedShare: number | null;
}>;

export type DepartmentServiceLevel = Readonly<{
  departmentId: string;
  name: string;
  /** null for a department the log names but the directory no longer holds. */
  kind: string | null;
  /** One entry per measure with work finished in the window, in SERVICE_MEASURES order. */
  measures: readonly MeasureLevel[];
  satisfaction: DepartmentSatisfaction;
}>;

export type InternalServiceLevels = Readonly<{
  from: BankDate;
  to: BankDate;
  timeZone: string;
  items: readonly DepartmentServiceLevel[];
}>;

const HOUR_MS = 3_600_000;

/** The deadline a finished piece of work is judged by, as epoch ms; null when it has none. */
const deadlineOf = (work: EndedServiceTime, targets: ServiceLevelTargets): number | null => {
  if (work.dueAt !== null) return Date.parse(work.dueAt);
  const hours = targets[work.measure];
  return hours === undefined ? null : Date.parse(work.startedAt) + hours * HOUR_MS;
};

const measureLevel = (
  measure: ServiceMeasure,
  work: readonly EndedServiceTime[],
  targets: ServiceLevelTargets,
): MeasureLevel => {
  const hours = work.map((w) => hoursBetween(w.startedAt, w.endedAt)).sort((a, b) => a - b);
  let withTarget = 0;
  let withinTarget = 0;
  for (const w of work) {
    const deadline = deadlineOf(w, targets);
    if (deadline === null) continue;
    withTarget += 1;
    // Met when done at or before the deadline, as the complaint deadlines are judged.
    if (Date.parse(w.endedAt) <= deadline) withinTarget += 1;
  }
  return {
    measure,
    completed: work.length,
    p50Hours: nearestRank(hours, 50),
    p90Hours: nearestRank(hours, 90),
    targetHours: targets[measure] ?? null,
    withTarget,
    withinTarget,
    withinTargetShare: withTarget === 0 ? null : withinTarget / withTarget,
  };
};

const satisfactionOf = (scores: readonly number[]): DepartmentSatisfaction => {
  if (scores.length === 0) return { ratings: 0, averageScore: null, satisfiedShare: null };
  const sum = scores.reduce((total, score) => total + score, 0);
  return {
    ratings: scores.length,
    averageScore: Math.round((sum * 100) / scores.length) / 100,
    satisfiedShare: scores.filter((score) => score >= 4).length / scores.length,
  };
};

/**
 * The internal service levels of the window: per department of the directory (in its order, then
 * any other department the work names), the work finished in the window by measure, and the
 * ratings given in it. Pure: rows come from the `service_times` and `department_ratings` read models.
 */
export const internalServiceLevelsOf = (
  window: ServiceLevelWindow,
  departments: readonly ServiceDepartment[],
  ended: readonly EndedServiceTime[],
  ratings: readonly RatingScore[],
  targets: ServiceLevelTargets,
): InternalServiceLevels => {
  const [start, end] = [Date.parse(window.start), Date.parse(window.end)];
  const inWindow = (at: string): boolean => {
    const millis = Date.parse(at);
    return millis >= start && millis < end;
  };
  const known = new Map(departments.map((d) => [d.id, d]));
  const named = [...new Set([...ended.map((w) => w.departmentId), ...ratings.map((r) => r.departmentId)])]
    .filter((id) => !known.has(id))
    .sort();
  const all = [
    ...departments.map((d) => ({ ...d, kind: d.kind as string | null })),
    ...named.map((id) => ({ id, name: id, kind: null })),
  ];
  const items = all.map((department): DepartmentServiceLevel => {
    const work = ended.filter((w) => w.departmentId === department.id && inWindow(w.endedAt));
    return {
      departmentId: department.id,
      name: department.name,
      kind: department.kind,
      measures: SERVICE_MEASURES.map((measure) => work.filter((w) => w.measure === measure))
        .map((ofMeasure, index) => ({ ofMeasure, measure: SERVICE_MEASURES[index] }))
        .filter(({ ofMeasure }) => ofMeasure.length > 0)
        .map(({ ofMeasure, measure }) => measureLevel(measure, ofMeasure, targets)),
      satisfaction: satisfactionOf(ratings.filter((r) => r.departmentId === department.id).map((r) => r.score)),
    };
  });
  return { from: window.from, to: window.to, timeZone: window.timeZone, items };
};
