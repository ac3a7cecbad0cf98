import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import { fromEsdbCurrentRevision, toEsdbExpectedRevision } from './expected-revision.mapping';

describe('EventStoreDB expected revision', () => {
  it('maps each kind of expected revision to the client constant', () => {
    expect(toEsdbExpectedRevision('any')).toBe(ANY);
    expect(toEsdbExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toEsdbExpectedRevision('exists')).toBe(STREAM_EXISTS);
    expect(toEsdbExpectedRevision(0)).toBe(0n);
    expect(toEsdbExpectedRevision(41)).toBe(41n);
  });

  it('has no server form for a negative revision, which no stream can be at', () => {
    expect(toEsdbExpectedRevision(-1)).toBeNull();
    expect(toEsdbExpectedRevision(-7)).toBeNull();
  });

  it('refuses a revision that is not an integer', () => {
    expect(() => toEsdbExpectedRevision(1.5)).toThrow(RangeError);
  });

  it('reads the current revision back, a missing stream as null', () => {
    expect(fromEsdbCurrentRevision(NO_STREAM)).toBeNull();
    expect(fromEsdbCurrentRevision(-1n)).toBeNull();
    expect(fromEsdbCurrentRevision(0n)).toBe(0);
    expect(fromEsdbCurrentRevision(12n)).toBe(12);
  });
});
