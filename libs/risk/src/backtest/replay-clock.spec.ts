import { ReplayClock } from './replay-clock';

/** The instants at which `moveTo` stopped for a day start, and where the clock ended. */
const move = async (clock: ReplayClock, to: string): Promise<{ stops: string[]; now: string }> => {
  const stops: string[] = [];
  await clock.moveTo(Date.parse(to), async () => {
    stops.push(clock.now().toISOString());
  });
  return { stops, now: clock.now().toISOString() };
};

describe('ReplayClock', () => {
  it('starts at the first instant it is moved to, with no sweep before it', async () => {
    const clock = new ReplayClock('Asia/Shanghai');
    expect(await move(clock, '2026-03-02T02:00:00.000Z')).toEqual({ stops: [], now: '2026-03-02T02:00:00.000Z' });
  });

  it('stops at the start of every bank day on the way, with or without events on it', async () => {
    const clock = new ReplayClock('Asia/Shanghai');
    await move(clock, '2026-03-02T02:00:00.000Z');
    // Midnight in Shanghai is 16:00 UTC the day before.
    expect(await move(clock, '2026-03-05T03:00:00.000Z')).toEqual({
      stops: ['2026-03-02T16:00:00.000Z', '2026-03-03T16:00:00.000Z', '2026-03-04T16:00:00.000Z'],
      now: '2026-03-05T03:00:00.000Z',
    });
  });

  it('stops at a day start it lands on exactly, and not again on the next move within that day', async () => {
    const clock = new ReplayClock('UTC');
    await move(clock, '2026-03-02T23:00:00.000Z');
    expect((await move(clock, '2026-03-03T00:00:00.000Z')).stops).toEqual(['2026-03-03T00:00:00.000Z']);
    expect((await move(clock, '2026-03-03T18:00:00.000Z')).stops).toEqual([]);
  });

  it('never steps back: an event dated earlier than the clock leaves it where it is', async () => {
    const clock = new ReplayClock('UTC');
    await move(clock, '2026-03-05T10:00:00.000Z');
    expect(await move(clock, '2026-03-01T10:00:00.000Z')).toEqual({ stops: [], now: '2026-03-05T10:00:00.000Z' });
  });

  it('follows the zone across a daylight-saving change (Berlin, 29 March 2026)', async () => {
    const clock = new ReplayClock('Europe/Berlin');
    await move(clock, '2026-03-28T12:00:00.000Z');
    expect((await move(clock, '2026-03-30T12:00:00.000Z')).stops).toEqual([
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
  });
});
