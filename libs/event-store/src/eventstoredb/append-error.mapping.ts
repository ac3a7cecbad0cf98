import { WrongExpectedVersionError } from '@eventstore/db-client';
import { ConcurrencyError, type ExpectedRevision } from '../event-store.port';
import { fromEsdbCurrentRevision } from './expected-revision.mapping';

/**
 * The port's error for a failed append: the client's WrongExpectedVersionError becomes a
 * ConcurrencyError carrying the stream's actual revision; anything else (connection, access,
 * deleted stream) is not a concurrency clash and passes through unchanged.
 *
 * `streamId` is the port's name: the server's may carry the adapter's namespace prefix.
 */
export const toPortAppendError = (error: unknown, streamId: string, expected: ExpectedRevision): unknown =>
  error instanceof WrongExpectedVersionError
    ? new ConcurrencyError(streamId, expected, fromEsdbCurrentRevision(error.actualVersion))
    : error;
