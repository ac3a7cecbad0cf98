import { START, type Position } from '@eventstore/db-client';

/**
 * The port orders the global log with one bigint per event; EventStoreDB positions are
 * `{ commit, prepare }` pairs of byte offsets in its transaction file.
 *
 * Every event appended through the gRPC API is written as its own implicitly committed prepare
 * record (StorageWriterService.WritePrepares sets `PrepareFlags.IsCommitted` on each event of a
 * batch), and `$all` reports such an event at `commit = prepare = its own log position`
 * (AllReader: `new CommitEventRecord(eventRecord, eventRecord.LogPosition)`). So within one batch
 * and across batches the commit position is unique per event and increases in `$all` order: it is
 * the port position as it stands, and the pair is rebuilt exactly as `{ commit: p, prepare: p }`.
 *
 * Only the legacy TCP API's explicit transactions differ: their events share the commit record's
 * position and keep smaller prepare positions. One bigint cannot order those faithfully within
 * int64 (the width the read models store checkpoints in), so they are refused loudly rather than
 * mapped to colliding positions.
 *
 * Positions are byte offsets, so they are not dense: consecutive events differ by their record
 * size, never by 1, and a position is only meaningful if this store returned it.
 */
export const toLogPosition = (position: Position): bigint => {
  if (position.commit !== position.prepare) {
    throw new UnsupportedPositionError(position);
  }
  return position.commit;
};

/** The `fromPosition` that starts at `position`: the beginning of `$all` for 0n. */
export const fromLogPosition = (position: bigint): Position | typeof START => {
  if (position < 0n) throw new RangeError(`log position must not be negative, got ${position}`);
  return position === 0n ? START : { commit: position, prepare: position };
};

export class UnsupportedPositionError extends Error {
  constructor(readonly position: Position) {
    super(
      `EventStoreDB position commit=${position.commit} prepare=${position.prepare} belongs to an explicit ` +
        'transaction (legacy TCP API); this adapter maps only implicitly committed events to one position',
    );
    this.name = 'UnsupportedPositionError';
  }
}
