import type { Role } from '@crm/domain';

/** Coarse write permissions; portfolio scoping (who covers which client) comes with issue 7. */
export const CLIENT_WRITERS: Role[] = ['relationship_manager', 'branch_head', 'admin', 'service'];
/** Credit and risk facts may also come from risk officers. */
export const CREDIT_WRITERS: Role[] = [...CLIENT_WRITERS, 'risk_officer'];

export const toUtc = (time: string): string => new Date(time).toISOString();
