import { NO_STREAM, STREAM_EXISTS, UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client';
import { ConcurrencyError } from '../event-store.port';
import { toPortAppendError } from './append-error.mapping';

const wrongVersion = (current: bigint | typeof NO_STREAM) =>
  new WrongExpectedVersionError(undefined, { streamName: 'ns/client-1', expected: STREAM_EXISTS, current });

describe('EventStoreDB append errors', () => {
  it('turns a wrong expected version into a ConcurrencyError with the actual revision', () => {
    const error = toPortAppendError(wrongVersion(3n), 'client-1', 2);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamId: 'client-1', expected: 2, actual: 3 });
  });

  it('reports a stream that does not exist as actual null', () => {
    expect(toPortAppendError(wrongVersion(NO_STREAM), 'client-1', 'exists')).toMatchObject({
      expected: 'exists',
      actual: null,
    });
  });

  it('passes any other failure through unchanged', () => {
    const unavailable = new UnavailableError();
    expect(toPortAppendError(unavailable, 'client-1', 'any')).toBe(unavailable);
  });
});
