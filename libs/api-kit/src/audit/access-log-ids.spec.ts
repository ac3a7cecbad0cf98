import { validate, version } from 'uuid';
import { AccessLogIds } from './access-log-ids';

/** The millisecond a UUIDv7 carries in its first 48 bits. */
const msecsOf = (id: string): number => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('AccessLogIds', () => {
  it('makes version-7 UUIDs carrying the given millisecond', () => {
    const ids = new AccessLogIds();
    const id = ids.next(1_796_472_551_830);
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(7);
    expect(msecsOf(id)).toBe(1_796_472_551_830);
  });

  it('orders ids made in one millisecond as they were made, past several refills of its pool', () => {
    const ids = new AccessLogIds();
    const made = Array.from({ length: 2_000 }, () => ids.next(1_796_472_551_830));
    expect(new Set(made).size).toBe(made.length);
    expect([...made].sort()).toEqual(made);
  });

  it('orders ids across milliseconds, and keeps the order when the clock steps back', () => {
    const ids = new AccessLogIds();
    const made = [1_000, 1_000, 1_001, 999, 1_002].map((now) => ids.next(1_796_472_551_000 + now));
    expect([...made].sort()).toEqual(made);
    expect(msecsOf(made[3])).toBe(1_796_472_552_001);
    expect(msecsOf(made[4])).toBe(1_796_472_552_002);
  });

  it('draws fresh random bits for every id', () => {
    const ids = new AccessLogIds();
    const tails = new Set(Array.from({ length: 1_000 }, () => ids.next(1_796_472_551_830).slice(-12)));
    expect(tails.size).toBe(1_000);
  });
});
