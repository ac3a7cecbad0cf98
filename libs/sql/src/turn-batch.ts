/** How one item of a flush came out: its result (or a promise of it), or its own error. */
export type Settlement<Result> = Readonly<{ value: Result | PromiseLike<Result> }> | Readonly<{ error: unknown }>;

type Waiting<Item, Result> = Readonly<{
  item: Item;
  done: (value: Result | PromiseLike<Result>) => void;
  failed: (error: unknown) => void;
}>;

/**
 * Writes asked for in one turn of the event loop, handed to `flush` together: one commit (or one
 * statement) for all of them rather than one each, and each caller still hears only after the
 * flush that holds its item. `flush` answers one settlement per item, in order; if it throws,
 * every item of the group fails with that error. setImmediate rather than a microtask: it runs
 * after the promise continuations of every caller woken in this turn, yet adds no timer delay.
 */
export class TurnBatch<Item, Result = void> {
  private waiting: Waiting<Item, Result>[] = [];

  constructor(
    private readonly flush: (
      items: readonly Item[],
    ) => readonly Settlement<Result>[] | Promise<readonly Settlement<Result>[]>,
  ) {}

  add(item: Item): Promise<Result> {
    return new Promise<Result>((done, failed) => {
      if (this.waiting.length === 0) setImmediate(() => void this.drain());
      this.waiting.push({ item, done, failed });
    });
  }

  /** Flushes what waits now (a store about to close); the turn's own flush then finds nothing. */
  async drain(): Promise<void> {
    const group = this.waiting;
    this.waiting = [];
    if (group.length === 0) return;
    let settled: readonly Settlement<Result>[];
    try {
      settled = await this.flush(group.map((waiting) => waiting.item));
    } catch (error) {
      for (const waiting of group) waiting.failed(error);
      return;
    }
    group.forEach((waiting, index) => {
      const settlement = settled[index]!;
      if ('error' in settlement) waiting.failed(settlement.error);
      else waiting.done(settlement.value);
    });
  }
}
