/**
 * Case ids are derived, never random: `<clientId>.<episode>`, the client's n-th case. Whoever
 * opens a client's next case (a keeper after a crash, a second keeper during a hand-over) names
 * the same stream, and the store's expected revision lets only one of them open it.
 *
 * Client ids are uuids (letters, digits, `-`), so the id is URL- and stream-safe; the episode is
 * everything after the last `.`.
 */
export const riskCaseIdFor = (clientId: string, episode: number): string => {
  if (!Number.isInteger(episode) || episode < 1) throw new RangeError('episode must be a positive integer');
  return `${clientId}.${episode}`;
};

/** The client and episode of a case id; null for an id no case can have. */
export const parseRiskCaseId = (caseId: string): Readonly<{ clientId: string; episode: number }> | null => {
  const dot = caseId.lastIndexOf('.');
  if (dot < 1) return null;
  const episode = Number(caseId.slice(dot + 1));
  if (!Number.isInteger(episode) || episode < 1 || String(episode) !== caseId.slice(dot + 1)) return null;
  return { clientId: caseId.slice(0, dot), episode };
};
