import type { FastifyRequest } from 'fastify';
import type { Principal } from '@crm/policy';
import { TOKEN_PATTERN, type AppConfig } from '@crm/platform';

/**
 * Which routes read clients, and which clients a 2xx answer of each returned, from the answer
 * itself (or, for the timeline and the notes, its path). Keyed by Fastify's matched route pattern, so the audit
 * needs nothing from the controllers. A route added later that returns client data must be added
 * here — the audit e2e suite checks every entry against the real answers.
 *
 * Not listed, on purpose: the branch dashboard and complaints summary (aggregates, no client rows), writes (they answer
 * ids and positions), the access log itself, and the alert feed (its events are written to a
 * hijacked socket and never reach the recording hook).
 *
 * An extractor returns null when the body is not the shape it expects: the recording hook logs that
 * loudly, since a read it cannot attribute is a read that goes unaudited.
 */
export type ClientIdsOf = (body: unknown, params: unknown) => readonly string[] | null;

const isId = (value: unknown): value is string => typeof value === 'string' && TOKEN_PATTERN.test(value);

const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;

/** A single resource: its `key` names the client. */
const one =
  (key: string): ClientIdsOf =>
  (body) => {
    const id = field(body, key);
    return isId(id) ? [id] : null;
  };

/** A list: one client per row of `list`, named by the row's `key`; each client once per answer. */
const rows =
  (list: string, key: string): ClientIdsOf =>
  (body) => {
    const items = field(body, list);
    if (!Array.isArray(items)) return null;
    const ids = new Set<string>();
    for (const item of items) {
      const id = field(item, key);
      if (!isId(id)) return null;
      ids.add(id);
    }
    return [...ids];
  };

/** A page of one client's entries (timeline, notes) is a read of the client in the path, even an empty page. */
const pageOfPathClient =
  (list: string): ClientIdsOf =>
  (body, params) => {
    if (!Array.isArray(field(body, list))) return null;
    const id = field(params, 'id');
    return isId(id) ? [id.toLowerCase()] : null;
  };

/** An agenda names clients in its entries, its overdue entries and its core clients out of coverage. */
const agendaClients: ClientIdsOf = (body, params) => {
  const lists = [rows('items', 'clientId'), rows('overdue', 'clientId'), rows('uncontactedCoreClients', 'clientId')];
  const ids = new Set<string>();
  for (const list of lists) {
    const found = list(body, params);
    if (found === null) return null;
    for (const id of found) ids.add(id);
  }
  return [...ids];
};

export const CLIENT_READS: ReadonlyMap<string, ClientIdsOf> = new Map<string, ClientIdsOf>([
  ['/v1/clients', rows('items', 'id')],
  ['/v1/clients/:id', one('id')],
  ['/v1/clients/:id/timeline', pageOfPathClient('entries')],
  ['/v1/clients/:id/contacts', pageOfPathClient('items')],
  ['/v1/clients/:id/complaints', pageOfPathClient('items')],
  ['/v1/clients/:id/feedback', pageOfPathClient('items')],
  ['/v1/clients/:id/coverage-history', pageOfPathClient('items')],
  ['/v1/managers/:id/portfolio', rows('clients', 'id')],
  ['/v1/managers/:id/agenda', agendaClients],
  ['/v1/managers/:id/pipeline', rows('opportunities', 'clientId')],
  ['/v1/branches/:id/uncovered-clients', rows('items', 'id')],
  ['/v1/client-groups/:id', rows('members', 'clientId')],
  ['/v1/alerts', rows('items', 'clientId')],
  ['/v1/alerts/:id', one('clientId')],
  ['/v1/risk-cases', rows('items', 'clientId')],
  ['/v1/risk-cases/:id', one('clientId')],
  ['/v1/complaints', rows('items', 'clientId')],
  ['/v1/departments/:id/feedback', rows('items', 'clientId')],
  ['/v1/departments/:id/feedback/:feedbackId', one('clientId')],
]);

export type AuditedRead = Readonly<{ route: string; principal: Principal; clientIdsOf: ClientIdsOf }>;

/** A GET by a known caller on a route that returns client data, with the audit on; else null. */
export const auditedReadOf = (
  request: Pick<FastifyRequest, 'method' | 'routeOptions'> & { principal?: Principal },
  config: Pick<AppConfig, 'auditEnabled'>,
): AuditedRead | null => {
  if (!config.auditEnabled || request.method !== 'GET' || request.principal === undefined) return null;
  const route = request.routeOptions?.url;
  const clientIdsOf = route === undefined ? undefined : CLIENT_READS.get(route);
  return route === undefined || clientIdsOf === undefined ? null : { route, principal: request.principal, clientIdsOf };
};
