import { DECIMAL_PATTERN, SIGNED_DECIMAL_PATTERN } from '@crm/domain';
import { TOKEN_PATTERN } from '@crm/platform';
import { SCHEMA_BASE_URI } from '../integration-type';

/**
 * The shapes the integration contract promises. They are written once here and reach consumers
 * twice: as class-validator checks and, through the generator, as JSON Schema `pattern`s. Keep them
 * ECMA-262 compatible without flags, because JSON Schema validators in other languages read them.
 */

/**
 * Ids and codes are opaque to consumers. The API issues uuids for clients, contacts, flags,
 * holdings, complaints, feedback and surveys, but managers, branches and facilities carry the
 * bank's own codes, so the contract promises only the shape both share (the API's path-id rule).
 */
export const CODE_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Alert ids are composed by the risk monitor as `<ruleId>.<clientId>.<episode>`, so they are longer
 * than other ids. Consumers must still treat them as opaque and never parse them.
 */
export const ALERT_ID_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;

/** Risk case ids are `<clientId>.<episode>`: a client id and a counter, as opaque as alert ids. */
export const RISK_CASE_ID_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;

/** ISO-8601 instant with an explicit offset (the domain's rule, with ranges on each part). */
export const INSTANT_PATTERN =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** Reporting period: a year, quarter, half or month (the API's rule). */
export const PERIOD_PATTERN = /^\d{4}(-(Q[1-4]|H[12]|(0[1-9]|1[0-2])))?$/;

export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** A calendar date of the bank (no time, no offset). */
export const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Global log positions are 64-bit, so they travel as decimal strings. */
export const POSITION_PATTERN = /^(0|[1-9]\d{0,19})$/;

export const INTEGRATION_TYPE_PATTERN = /^bank\.crm\.[A-Z][A-Za-z0-9]*\.v[1-9]\d*$/;

export const SOURCE_PATTERN = /^urn:bank:crm:[a-z0-9-]+$/;

/** Built from the base URI so the two cannot disagree. */
export const DATASCHEMA_PATTERN = new RegExp(
  `^${SCHEMA_BASE_URI.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}bank\\.crm\\.[A-Z][A-Za-z0-9]*\\.v[1-9]\\d*\\.json$`,
);

export { DECIMAL_PATTERN, SIGNED_DECIMAL_PATTERN };

/**
 * Event and correlation ids: uuids in production, but the API accepts any caller-given token of
 * this shape, so the contract promises the API's own pattern.
 */
export { TOKEN_PATTERN };
