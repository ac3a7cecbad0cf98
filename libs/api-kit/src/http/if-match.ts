import { ApiError } from '@crm/platform';

/**
 * `If-Match: "3"` (or `3`, or `W/"3"`) → expected revision 3. Absent → undefined, and the write
 * retries on a concurrent change instead of failing.
 */
export const parseIfMatch = (header: string | string[] | undefined): number | undefined => {
  if (header === undefined) return undefined;
  const match = typeof header === 'string' ? /^(?:W\/)?"?(-1|\d{1,15})"?$/.exec(header.trim()) : null;
  if (!match) {
    throw new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [
      { field: 'If-Match', message: 'must be a revision as returned in ETag, e.g. "3"' },
    ]);
  }
  return Number(match[1]);
};
