import { START, type Position } from '@eventstore/db-client';

/** The port position of an EventStoreDB position: its commit position. Why: docs/decisions.md §24. */
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
