import { parseInteger } from './config-parsing';

/** The complaint deadlines of this deployment (the domain's ComplaintPolicy). */
export type ComplaintConfig = Readonly<{
  /** COMPLAINT_ACK_BUSINESS_DAYS: business days to acknowledge a complaint (default 2). */
  complaintAckBusinessDays: number;
  /** COMPLAINT_RESOLUTION_DAYS: calendar days to resolve it (default 15). */
  complaintResolutionDays: number;
}>;

export const loadComplaintConfig = (env: NodeJS.ProcessEnv = process.env): ComplaintConfig => ({
  complaintAckBusinessDays: parseInteger('COMPLAINT_ACK_BUSINESS_DAYS', env.COMPLAINT_ACK_BUSINESS_DAYS, 2, 1, 30),
  complaintResolutionDays: parseInteger('COMPLAINT_RESOLUTION_DAYS', env.COMPLAINT_RESOLUTION_DAYS, 15, 1, 90),
});
