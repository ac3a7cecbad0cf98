/**
 * Who may write what is no longer decided here: every client route declares its permission with
 * `@Access(...)` and the access policy (libs/policy/src/access-policy.ts) holds the roles —
 * `client.write` (relationship managers, branch heads, admin) and `client.credit.write` (the same
 * and risk officers) — together with the portfolio and branch scoping of each.
 */

export const toUtc = (time: string): string => new Date(time).toISOString();
