import { START } from '@eventstore/db-client';
import { fromLogPosition, toLogPosition, UnsupportedPositionError } from './log-position';

describe('EventStoreDB log positions', () => {
  it('maps an implicitly committed event to its commit position and back', () => {
    for (const position of [1n, 4_096n, 9_007_199_254_740_993n, 2n ** 63n - 1n]) {
      const pair = { commit: position, prepare: position };
      expect(toLogPosition(pair)).toBe(position);
      expect(fromLogPosition(toLogPosition(pair))).toEqual(pair);
    }
  });

  it('starts at the beginning of $all for 0n', () => {
    expect(fromLogPosition(0n)).toBe(START);
  });

  it('refuses events of explicit transactions, whose commit position is shared', () => {
    expect(() => toLogPosition({ commit: 900n, prepare: 700n })).toThrow(UnsupportedPositionError);
  });

  it('refuses a negative position', () => {
    expect(() => fromLogPosition(-1n)).toThrow(RangeError);
  });
});
