import { personalFieldsOf } from '@crm/domain';

/**
 * Reading and replacing the personal fields of an event's data by their paths (see
 * PERSONAL_DATA_FIELDS in the domain, the one table of which fields are personal). Copy on write:
 * data without a personal value present is returned as the same object, so the common case costs
 * no allocation.
 */

export const CLIENT_STREAM_PREFIX = 'client-';

/** The client a stream belongs to, or null for streams that hold no client's personal data. */
export const clientOfStream = (streamId: string): string | null =>
  streamId.startsWith(CLIENT_STREAM_PREFIX) && streamId.length > CLIENT_STREAM_PREFIX.length
    ? streamId.slice(CLIENT_STREAM_PREFIX.length)
    : null;

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
