import { TurnBatch } from './turn-batch';

describe('TurnBatch', () => {
  it('hands the items asked for in one turn to one flush, and each caller its own result', async () => {
    const flushes: number[][] = [];
    const batch = new TurnBatch<number, number>((items) => {
      flushes.push([...items]);
      return items.map((item) => ({ value: item * 10 }));
    });
    const first = await Promise.all([batch.add(1), batch.add(2), batch.add(3)]);
    const second = await batch.add(4);
    expect([first, second]).toEqual([[10, 20, 30], 40]);
    expect(flushes).toEqual([[1, 2, 3], [4]]);
  });

  it('fails only the item whose settlement is an error, and every item when the flush throws', async () => {
    const batch = new TurnBatch<string, string>((items) =>
      items.map((item) => (item === 'bad' ? { error: new Error(item) } : { value: item })),
    );
    expect(await Promise.allSettled([batch.add('ok'), batch.add('bad')])).toEqual([
      { status: 'fulfilled', value: 'ok' },
      { status: 'rejected', reason: new Error('bad') },
    ]);
    const broken = new TurnBatch<string>(() => {
      throw new Error('disk full');
    });
    const outcomes = await Promise.allSettled([broken.add('a'), broken.add('b')]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });

  it('flushes what waits when drained, before its turn comes', async () => {
    const flushed: string[] = [];
    const batch = new TurnBatch<string>((items) => {
      flushed.push(...items);
      return items.map(() => ({ value: undefined }));
    });
    const added = batch.add('last');
    await batch.drain();
    expect(flushed).toEqual(['last']);
    await added;
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushed).toEqual(['last']);
  });
});
