import type { Event } from '../common/event';

/**
 * A manager's rating of the service an internal department gave them (an internal satisfaction
 * survey), on the department's stream `department-<departmentId>`. Staff opinion, not a client's
 * personal data; not published to Kafka (no integration contract).
 */
export type DepartmentServiceRated = Event<
  'DepartmentServiceRated',
  { ratingId: string; departmentId: string; score: number; comment?: string; ratedBy: string; ratedAt: string }
>;

export type DepartmentEvent = DepartmentServiceRated;
export type DepartmentEventType = DepartmentEvent['type'];

export const DEPARTMENT_EVENT_TYPES: readonly DepartmentEventType[] = ['DepartmentServiceRated'];

export const departmentStreamId = (departmentId: string): string => `department-${departmentId}`;

/** Internal ratings use the CSAT scale: 1 (very dissatisfied) to 5 (very satisfied). */
export const DEPARTMENT_RATING_RANGE: readonly [number, number] = [1, 5];
