import { setTimeout as sleep } from 'node:timers/promises';
import { AppendNotifier } from '../subscriptions/append-notifier';
import { SafeHeadWatcher } from './postgres.safe-head-watcher';

/** A safe head the test moves, the watcher's reads of it counted, and the wake-ups it sends. */
const harness = () => {
  const state = { head: 0n, reads: 0, wakes: 0 };
  const notifier = new AppendNotifier();
  notifier.listen(() => {
    state.wakes += 1;
  });
  const watcher = new SafeHeadWatcher(
    async () => {
      state.reads += 1;
      return state.head;
    },
    notifier,
    10_000,
  );
  return { state, watcher };
};

const until = async (condition: () => boolean, withinMs = 3_000): Promise<void> => {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > withinMs) throw new Error(`condition not met within ${withinMs} ms`);
    await sleep(5);
  }
};

describe('SafeHeadWatcher', () => {
  it('wakes the subscriptions once the safe head passes a commit, and not again for a repeated notice', async () => {
    const { state, watcher } = harness();
    state.head = 5n;
    watcher.committed(5n);
    expect(state.wakes).toBe(0);
    await until(() => state.wakes === 1);

    watcher.committed(5n);
    watcher.committed(3n);
    await sleep(20);
    expect(state).toEqual({ head: 5n, reads: 1, wakes: 1 });
    watcher.close();
  });

  it('keeps checking while the horizon holds the head back, and checks a newer commit at once', async () => {
    const { state, watcher } = harness();
    state.head = 3n;
    watcher.committed(3n);
    await until(() => state.wakes === 1);

    watcher.committed(5n);
    // Checks after 2, 4, 8, … ms: after ten of them the next one is a second away.
    await until(() => state.reads >= 10);
    expect(state.wakes).toBe(1);

    state.head = 7n;
    const readsBefore = state.reads;
    watcher.committed(7n);
    await until(() => state.wakes === 2, 200);
    expect(state.reads).toBe(readsBefore + 1);
    watcher.close();
  });

  it('wakes the subscriptions at once on a reconnect, which may have hidden commits', async () => {
    const { state, watcher } = harness();
    watcher.committed(null);
    expect(state.wakes).toBe(1);
    watcher.close();
  });
});
