import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  type AppendExpectedRevision,
  type CurrentRevision,
} from '@eventstore/db-client';
import type { ExpectedRevision } from '../event-store.port';

/**
 * The port's expected revision as the client's, or null for a negative revision: EventStoreDB
 * revisions are unsigned on the wire, and no stream can ever be at a negative revision, so such an
 * append can only be an idempotent retry or a conflict; the adapter decides that without the server.
 */
export const toEsdbExpectedRevision = (expected: ExpectedRevision): AppendExpectedRevision | null => {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'exists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected))
        throw new RangeError(`expected revision must be an integer, got ${expected}`);
      return expected < 0 ? null : BigInt(expected);
  }
};

/**
 * The client's current revision as the port's (null: no stream). Servers that answer with a gRPC
 * status instead of a message report a missing stream as -1.
 */
export const fromEsdbCurrentRevision = (current: CurrentRevision): number | null =>
  current === NO_STREAM || current < 0n ? null : Number(current);
