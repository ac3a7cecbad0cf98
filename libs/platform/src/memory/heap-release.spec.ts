import { releaseHeap, type ExposedGc } from './heap-release';

describe('releaseHeap', () => {
  it('asks V8 for a last-resort collection, the one that gives pooled pages back, when --expose-gc is on', () => {
    const calls: Parameters<ExposedGc>[0][] = [];
    expect(releaseHeap((options) => calls.push(options))).toBe(true);
    expect(calls).toEqual([{ type: 'major', execution: 'sync', flavor: 'last-resort' }]);
  });

  it('does nothing without --expose-gc (jest runs without it)', () => {
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    expect(releaseHeap()).toBe(false);
  });
});
