import type { ApiErrorBody, FieldError } from '@crm/platform';
import { BATCH_LINE_TYPES, isBatchLineType, type BatchMethod, type BatchLineTypeName } from './batch-line-types';

/** The answer to one line, in line order (1-based); `error` is the body its route would have answered. */
export type BatchLineResult = Readonly<{
  line: number;
  status: number;
  id?: string;
  revision?: number;
  position?: string;
  /** A credit change held for approval (202). */
  proposalId?: string;
  error?: ApiErrorBody;
}>;

/** A line read well enough to run through its route. */
export type BatchLineRequest = Readonly<{
  line: number;
  type: BatchLineTypeName;
  clientId: string;
  method: BatchMethod;
  /** The route's URL as a client would send it (path parameters encoded): Idempotency-Key answers are kept per URL. */
  url: string;
  /** The route's path parameters: `id` (the client) and those the type names. */
  params: Readonly<Record<string, string>>;
  body: Readonly<Record<string, unknown>> | undefined;
  idempotencyKey: string | undefined;
  ifMatch: string | undefined;
}>;

const invalid = (line: number, errors: FieldError[]): BatchLineResult => ({
  line,
  status: 400,
  error: { code: 'REQUEST.INVALID', message: 'The request is invalid.', errors },
});

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalText = (record: Record<string, unknown>, field: string, problems: FieldError[]): string | undefined => {
  const value = record[field];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  problems.push({ field, message: `${field} must be a string` });
  return undefined;
};

const requiredText = (record: Record<string, unknown>, field: string, problems: FieldError[]): string => {
  const value = record[field];
  if (typeof value === 'string' && value.length > 0) return value;
  problems.push({ field, message: `${field} must be a non-empty string` });
  return '';
};

/** The route's URL with the line's client and other path parameters filled in (encoded: the route validates them). */
const urlOf = (type: BatchLineTypeName, values: ReadonlyMap<string, string>): string =>
  BATCH_LINE_TYPES[type].path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(values.get(name) ?? ''));

/**
 * Reads line `number` of a batch: `{ type, clientId, body, idempotencyKey?, ifMatch?, <path params> }`.
 * Only the envelope is checked here; the body is the route's to validate, with the route's DTO.
 */
export const parseBatchLine = (number: number, text: string): BatchLineRequest | BatchLineResult => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalid(number, [{ field: 'line', message: 'must be one JSON object' }]);
  }
  if (!isObject(parsed)) return invalid(number, [{ field: 'line', message: 'must be one JSON object' }]);
  const problems: FieldError[] = [];
  const type = parsed.type;
  if (typeof type !== 'string' || !isBatchLineType(type)) {
    return invalid(number, [{ field: 'type', message: 'must be one of the batch line types (see the API document)' }]);
  }
  const spec = BATCH_LINE_TYPES[type];
  const values = new Map([['id', requiredText(parsed, 'clientId', problems)]]);
  for (const param of spec.params) values.set(param, requiredText(parsed, param, problems));
  const body = parsed.body;
  if (spec.body !== null && !isObject(body)) problems.push({ field: 'body', message: 'body must be an object' });
  if (spec.body === null && body !== undefined) problems.push({ field: 'body', message: 'this type takes no body' });
  const idempotencyKey = optionalText(parsed, 'idempotencyKey', problems);
  const ifMatch = optionalText(parsed, 'ifMatch', problems);
  if (problems.length > 0) return invalid(number, problems);
  return {
    line: number,
    type,
    clientId: values.get('id')!,
    method: spec.method,
    url: urlOf(type, values),
    params: Object.fromEntries(values),
    body: isObject(body) ? body : undefined,
    idempotencyKey,
    ifMatch,
  };
};

export const isBatchLineResult = (value: BatchLineRequest | BatchLineResult): value is BatchLineResult =>
  'status' in value;
