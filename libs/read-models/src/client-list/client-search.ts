import type { ClientTier } from '@crm/domain';
import type { ClientStatus } from '../client-view/client-view';
import type { ClientScope } from '@crm/policy';
import { InvalidQueryError } from '../queries/invalid-query.error';
import { InvalidCursorError } from '../timeline/invalid-cursor.error';
import type { RiskLevel } from './risk-level';

export type ClientSearch = Readonly<{
  managerId?: string;
  branchId?: string;
  tier?: ClientTier;
  riskLevel?: RiskLevel;
  /** 'pending': clients with a credit change waiting for approval (maker–checker). */
  creditApproval?: 'pending';
  /** Case-insensitive prefix of the legal name, or prefix of the registration number. */
  q?: string;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** 1…200. */
  limit: number;
  /** The clients the caller may see (written into the SQL); every client when absent. */
  scope?: ClientScope;
  /**
   * Whether `q` also matches registration-number prefixes (default true). False for callers who see
   * registration numbers masked: a prefix search would otherwise reveal them one digit at a time.
   */
  matchRegistrationNo?: boolean;
}>;

export type ClientSearchItem = Readonly<{
  id: string;
  legalName: string;
  branchId: string;
  managerId: string | null;
  tier: ClientTier | null;
  status: ClientStatus;
  riskLevel: RiskLevel;
  lastContactAt: string | null;
}>;

export type ClientSearchPage = Readonly<{ items: readonly ClientSearchItem[]; nextCursor: string | null }>;

export const MAX_SEARCH_LIMIT = 200;

export const validSearchLimit = (limit: number): number => {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
    throw new InvalidQueryError('limit', `limit must be an integer from 1 to ${MAX_SEARCH_LIMIT}`);
  }
  return limit;
};

/**
 * Pages are keyed on client_id: ids are uuid v7, which grow with creation, so a client created
 * while someone pages sorts after every cursor already handed out and shows up on a later page,
 * never shifting earlier ones (no duplicates, no gaps). The cursor is the last id of a page,
 * versioned and base64url-encoded so callers treat it as opaque.
 */
const CURSOR_PREFIX = 'c1:';
const CLIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE64URL = /^[A-Za-z0-9_-]{1,64}$/;

export const encodeSearchCursor = (lastClientId: string): string =>
  Buffer.from(CURSOR_PREFIX + lastClientId, 'utf8').toString('base64url');

/** The client id after which the page starts; throws InvalidCursorError for anything no page handed out. */
export const decodeSearchCursor = (cursor: string): string => {
  if (BASE64URL.test(cursor)) {
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    const id = text.slice(CURSOR_PREFIX.length);
    if (text.startsWith(CURSOR_PREFIX) && CLIENT_ID.test(id)) return id;
  }
  throw new InvalidCursorError('cursor', 'cursor must be a nextCursor from a previous page');
};
