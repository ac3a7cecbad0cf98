import { CoalescedCheckpoint } from './coalesced-checkpoint';

const silent = { error: () => undefined };

describe('CoalescedCheckpoint', () => {
  let clock = 0;
  const now = () => clock;

  beforeEach(() => {
    clock = 0;
    jest.useFakeTimers();
  });
  afterEach(() => jest.useRealTimers());

  it('writes the first position at once, then at most once per interval', async () => {
    const written: bigint[] = [];
    const checkpoint = new CoalescedCheckpoint(async (position) => void written.push(position), silent, 1000, now);

    await checkpoint.handled(10n);
    clock = 200;
    await checkpoint.handled(20n);
    await checkpoint.handled(30n);
    expect(written).toEqual([10n]);

    clock = 1000;
    await checkpoint.handled(40n);
    expect(written).toEqual([10n, 40n]);
  });

  it('writes the last position an interval later when no batch follows', async () => {
    const written: bigint[] = [];
    const checkpoint = new CoalescedCheckpoint(async (position) => void written.push(position), silent, 1000, now);

    await checkpoint.handled(10n);
    clock = 100;
    await checkpoint.handled(20n);
    clock = 1100;
    await jest.advanceTimersByTimeAsync(1000);
    expect(written).toEqual([10n, 20n]);
  });

  it('writes what is pending on flush, and nothing when nothing is', async () => {
    const written: bigint[] = [];
    const checkpoint = new CoalescedCheckpoint(async (position) => void written.push(position), silent, 1000, now);

    await checkpoint.handled(10n);
    await checkpoint.handled(20n);
    await checkpoint.flush();
    await checkpoint.flush();
    await jest.advanceTimersByTimeAsync(2000);
    expect(written).toEqual([10n, 20n]);
  });

  it('hands a failed write to the caller and tries the position again', async () => {
    const written: bigint[] = [];
    let fail = true;
    const checkpoint = new CoalescedCheckpoint(
      async (position) => {
        if (fail) throw new Error('disk full');
        written.push(position);
      },
      silent,
      1000,
      now,
    );

    await expect(checkpoint.handled(10n)).rejects.toThrow('disk full');
    fail = false;
    await checkpoint.flush();
    expect(written).toEqual([10n]);
  });

  it('never lets an older position overtake a newer one', async () => {
    const written: bigint[] = [];
    let release: () => void = () => undefined;
    const slowFirst = new Promise<void>((resolve) => (release = resolve));
    const checkpoint = new CoalescedCheckpoint(
      async (position) => {
        if (written.length === 0) await slowFirst;
        written.push(position);
      },
      silent,
      1000,
      now,
    );

    const first = checkpoint.handled(10n);
    for (let tick = 0; tick < 5; tick++) await Promise.resolve(); // the first write has begun and waits
    expect(written).toEqual([]);
    await checkpoint.handled(20n);
    const second = checkpoint.flush();
    release();
    await Promise.all([first, second]);
    expect(written).toEqual([10n, 20n]);
  });
});
