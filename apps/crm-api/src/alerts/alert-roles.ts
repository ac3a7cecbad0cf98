import type { Role } from '@crm/domain';

/**
 * Who may read alerts. Relationship managers read them too; scoping them to their own portfolio
 * (the alert rows carry the client's manager and branch for it) comes with a later issue.
 */
export const ALERT_READERS: Role[] = ['risk_officer', 'branch_head', 'admin', 'service', 'relationship_manager'];

/**
 * Who works alerts (acknowledge, escalate, resolve, reopen). Not relationship managers: the alert
 * is about their own client. A risk officer may still carry a managerId, which is why resolution
 * passes the caller's managerId to the decider's four-eyes rule.
 */
export const ALERT_WRITERS: Role[] = ['risk_officer', 'branch_head', 'admin'];
