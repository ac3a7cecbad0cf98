import type { ExpectedRevision } from './event-store.port';

/**
 * Whether a stream at `actual` (null when it does not exist) satisfies `expected`. Shared by every
 * adapter so they cannot drift apart on the edge cases.
 */
export const satisfiesExpectedRevision = (expected: ExpectedRevision, actual: number | null): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === null;
    case 'exists':
      return actual !== null;
    default:
      return actual === expected;
  }
};
