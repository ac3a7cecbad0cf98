import type { Command } from '../common/command';

/** `ratedBy` and `ratedAt` are the caller and the command's time; the department is the stream's. */
export type RateDepartmentService = Command<
  'RateDepartmentService',
  { ratingId: string; departmentId: string; score: number; comment?: string }
>;

export type DepartmentCommand = RateDepartmentService;
