import { parseRiskCaseId, personalFieldsOf, RISK_CASE_STREAM_PREFIX } from '@crm/domain';

/**
 * Reading and replacing the personal fields of an event's data by their paths (see
 * PERSONAL_DATA_FIELDS in the domain, the one table of which fields are personal). Copy on write:
 * data without a personal value present is returned as the same object, so the common case costs
 * no allocation.
 */

export const CLIENT_STREAM_PREFIX = 'client-';

/**
 * The client a stream belongs to, or null for streams that hold no client's personal data: a
 * client's own stream, and its risk cases (`risk-case-<clientId>.<episode>`), whose comments are
 * sealed with the client's key so that erasing the client erases them too.
 */
export const clientOfStream = (streamId: string): string | null => {
  if (streamId.startsWith(CLIENT_STREAM_PREFIX) && streamId.length > CLIENT_STREAM_PREFIX.length) {
    return streamId.slice(CLIENT_STREAM_PREFIX.length);
  }
  if (streamId.startsWith(RISK_CASE_STREAM_PREFIX)) {
    return parseRiskCaseId(streamId.slice(RISK_CASE_STREAM_PREFIX.length))?.clientId ?? null;
  }
  return null;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const segmentsCache = new Map<string, readonly string[]>();
const segmentsOf = (path: string): readonly string[] => {
  let segments = segmentsCache.get(path);
  if (segments === undefined) {
    segments = path.split('.');
    segmentsCache.set(path, segments);
  }
  return segments;
};

const valueAt = (data: unknown, segments: readonly string[]): unknown => {
  let current = data;
  for (const segment of segments) {
    if (!isRecord(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
};

const withValueAt = (
  data: Record<string, unknown>,
  segments: readonly string[],
  depth: number,
  value: unknown,
): Record<string, unknown> => {
  const key = segments[depth];
  const child = data[key];
  const next =
    depth === segments.length - 1 ? value : withValueAt(child as Record<string, unknown>, segments, depth + 1, value);
  return { ...data, [key]: next };
};

/** Whether any personal field of this event type has a value in `data`. */
export const hasPersonalValues = (type: string, data: unknown): boolean => {
  for (const path of personalFieldsOf(type)) if (valueAt(data, segmentsOf(path)) !== undefined) return true;
  return false;
};

/**
 * `data` with every present personal field replaced by `replace(path, value)`; the same object when
 * nothing changed. Null and absent values are left alone.
 */
export const mapPersonalFields = (
  type: string,
  data: unknown,
  replace: (path: string, value: unknown) => unknown,
): unknown => {
  const paths = personalFieldsOf(type);
  if (paths.length === 0 || !isRecord(data)) return data;
  let result: Record<string, unknown> = data;
  for (const path of paths) {
    const segments = segmentsOf(path);
    const value = valueAt(result, segments);
    if (value === undefined || value === null) continue;
    const replaced = replace(path, value);
    if (replaced !== value) result = withValueAt(result, segments, 0, replaced);
  }
  return result;
};

/** A field's value still to be computed, on its first read (see deferPersonalFields). */
export abstract class DeferredField {
  abstract read(): unknown;
}

type Deferral = Readonly<{ segments: readonly string[]; field: DeferredField }>;

/**
 * `data` with each present personal field for which `defer(path, value)` gives a DeferredField
 * read through it: its `read` runs when the field is first read, and the result (or a value
 * assigned since) is what the field holds from then on; a `read` that throws throws at every read.
 * Keys, their order, spreading and JSON read as if the fields had been replaced at once; the same
 * object when no field is deferred. Copy on write, like mapPersonalFields.
 */
export const deferPersonalFields = (
  type: string,
  data: unknown,
  defer: (path: string, value: unknown) => DeferredField | null,
): unknown => {
  const paths = personalFieldsOf(type);
  if (paths.length === 0 || !isRecord(data)) return data;
  let deferrals: Deferral[] | null = null;
  for (const path of paths) {
    const segments = segmentsOf(path);
    const value = valueAt(data, segments);
    if (value === undefined || value === null) continue;
    const field = defer(path, value);
    if (field === null) continue;
    deferrals ??= [];
    deferrals.push({ segments, field });
  }
  return deferrals === null ? data : withDeferred(data, deferrals, 0);
};

/**
 * Where an object keeps its deferred fields' state. Not enumerable, so no copy, JSON or equality
 * sees it; one shared accessor per key reads it, which keeps V8's fast properties (an accessor of
 * its own per object turns each object into a dictionary).
 */
const DEFERRED = Symbol('deferred personal fields');
type WithDeferred = Record<string | typeof DEFERRED, unknown> & { [DEFERRED]: Record<string, unknown> };

const accessors = new Map<string, PropertyDescriptor>();
const accessorOf = (key: string): PropertyDescriptor => {
  let accessor = accessors.get(key);
  if (accessor === undefined) {
    accessor = {
      enumerable: true,
      configurable: true,
      get(this: WithDeferred): unknown {
        const state = this[DEFERRED];
        const value = state[key];
        if (!(value instanceof DeferredField)) return value;
        const read = value.read();
        state[key] = read;
        return read;
      },
      set(this: WithDeferred, next: unknown): void {
        this[DEFERRED][key] = next;
      },
    };
    accessors.set(key, accessor);
  }
  return accessor;
};

/**
 * A copy built key by key in the original order, with the accessors among the keys: adding them
 * to a spread copy instead would turn it into a dictionary.
 */
const withDeferred = (
  data: Record<string, unknown>,
  deferrals: readonly Deferral[],
  depth: number,
): Record<string, unknown> => {
  const copy: Record<string, unknown> = {};
  let state: Record<string, unknown> | null = null;
  for (const key of Object.keys(data)) {
    let field: DeferredField | null = null;
    let below: Deferral[] | null = null;
    for (const deferral of deferrals) {
      if (deferral.segments[depth] !== key) continue;
      if (deferral.segments.length === depth + 1) field = deferral.field;
      else {
        below ??= [];
        below.push(deferral);
      }
    }
    if (field !== null) {
      Object.defineProperty(copy, key, accessorOf(key));
      state ??= {};
      state[key] = field;
    } else if (below !== null) copy[key] = withDeferred(data[key] as Record<string, unknown>, below, depth + 1);
    else copy[key] = data[key];
  }
  if (state !== null) Object.defineProperty(copy, DEFERRED, { value: state });
  return copy;
};
