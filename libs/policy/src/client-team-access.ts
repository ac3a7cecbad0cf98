import { isAbsentAt } from '@crm/domain';

/** A client's team as the access check reads it from the client's stream. */
export type ClientTeam = Readonly<{ backupManagerId: string | null; specialistIds: readonly string[] }>;

/** What decides whether a relationship manager outside the client's coverage stands in on it. */
export type StandInCheck = Readonly<{
  team: ClientTeam;
  /** The caller's managerId claim. */
  managerId: string;
  /** Whether the caller's manager record is active (departed backups stand in for nobody). */
  callerActive: boolean;
  /** The end of the covering manager's absence (their stream); null when none, or no covering manager. */
  primaryAbsentUntil: string | null;
  /** Epoch milliseconds. */
  now: number;
  mode: 'read' | 'write';
}>;

/**
 * Whether a relationship manager who does not cover the client may still read or write it as a
 * member of its team (the A/B role): its backup manager reads it always and writes it while the
 * covering manager is absent (`now` before the absence's end) and the backup is still active; a
 * specialist on the team reads it. Only single-client routes ask (the access guard, after the
 * ordinary scope check failed); lists and searches stay scoped to the clients one covers.
 */
export const standsIn = (check: StandInCheck): boolean => {
  const { team, managerId, mode } = check;
  if (team.backupManagerId === managerId) {
    return mode === 'read' || (check.callerActive && isAbsentAt(check.primaryAbsentUntil, check.now));
  }
  return mode === 'read' && team.specialistIds.includes(managerId);
};
