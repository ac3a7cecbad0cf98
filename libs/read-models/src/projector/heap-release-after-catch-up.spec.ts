import { RELEASE_HEAP_AFTER_EVENTS, releaseHeapAfterLongCatchUp } from './heap-release-after-catch-up';

describe('releasing the heap after a catch-up', () => {
  const setUp = (released: boolean) => {
    const calls = { release: 0, logged: [] as Record<string, unknown>[] };
    const logger = {
      info: (fields: object) => void calls.logged.push(fields as Record<string, unknown>),
      warn: () => undefined,
      error: () => undefined,
    };
    const onCaughtUp = releaseHeapAfterLongCatchUp(logger, () => {
      calls.release += 1;
      return released;
    });
    return { calls, onCaughtUp };
  };

  it('given a long catch-up, releases once and logs what the process holds before and after', () => {
    const { calls, onCaughtUp } = setUp(true);
    onCaughtUp(RELEASE_HEAP_AFTER_EVENTS);
    expect(calls.release).toBe(1);
    expect(calls.logged).toEqual([
      {
        events: RELEASE_HEAP_AFTER_EVENTS,
        rssBeforeMiB: expect.any(Number),
        rssAfterMiB: expect.any(Number),
        ms: expect.any(Number),
      },
    ]);
  });

  it('given a short catch-up (a restart while the API may serve), pauses nothing', () => {
    const { calls, onCaughtUp } = setUp(true);
    onCaughtUp(RELEASE_HEAP_AFTER_EVENTS - 1);
    expect(calls).toEqual({ release: 0, logged: [] });
  });

  it('without --expose-gc, logs nothing it did not do', () => {
    const { calls, onCaughtUp } = setUp(false);
    onCaughtUp(RELEASE_HEAP_AFTER_EVENTS * 10);
    expect(calls).toEqual({ release: 1, logged: [] });
  });
});
