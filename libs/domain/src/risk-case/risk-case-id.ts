import { clientScopedId, parseClientScopedId } from '../common/client-scoped-id';

/**
 * Case ids are derived, never random: `<clientId>.<episode>`, the client's n-th case. Whoever
 * opens a client's next case (a keeper after a crash, a second keeper during a hand-over) names
 * the same stream, and the store's expected revision lets only one of them open it.
 */
export const riskCaseIdFor = (clientId: string, episode: number): string => clientScopedId(clientId, episode);

/** The client and episode of a case id; null for an id no case can have. */
export const parseRiskCaseId = (caseId: string): Readonly<{ clientId: string; episode: number }> | null => {
  const parsed = parseClientScopedId(caseId);
  return parsed === null ? null : { clientId: parsed.clientId, episode: parsed.n };
};
