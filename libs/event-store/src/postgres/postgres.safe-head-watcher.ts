import type { AppendNotifier } from '../subscriptions/append-notifier';

const FIRST_RECHECK_MS = 2;

/**
 * Wakes subscriptions when committed events become readable. A commit is not readable at once
 * when an older transaction is still open (readers stop below the oldest open transaction id),
 * so after a commit this re-checks the safe head with doubling delays, up to the poll interval,
 * until it reaches the committed position, waking subscriptions each time it moves. One check
 * serves every subscription of the store, and nothing runs while no commit is pending.
 */
export class SafeHeadWatcher {
  private target = 0n;
  private safeHead = 0n;
  private running = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private wakeTimer: (() => void) | null = null;

  constructor(
    private readonly readSafeHead: () => Promise<bigint>,
    private readonly notifier: AppendNotifier,
    private readonly maxDelayMs: number,
  ) {}

  /**
   * Events up to `position` are committed (or, when null, may have been: a reconnect). Subscriptions
   * are woken once the safe head has moved, not before: a read before it may find the commit not yet
   * readable, and the process hears of its own commits twice (its group's answer, then the NOTIFY),
   * so waking on each told every subscription to read the log two or three times per commit. A new
   * commit heard of while the horizon holds the head back is checked at once, not after the wait.
   */
  committed(position: bigint | null): void {
    if (this.closed) return;
    if (position === null) {
      // Anything may have been missed while the connection was down.
      this.notifier.notify();
      if (this.target <= this.safeHead) return;
    } else {
      if (position <= this.safeHead) return;
      // Heard of already (the NOTIFY of this process's own commit), and being checked.
      if (position <= this.target && this.running) return;
      if (position > this.target) this.target = position;
    }
    if (this.running) this.recheckNow();
    else void this.run();
  }

  close(): void {
    this.closed = true;
    this.recheckNow();
  }

  private async run(): Promise<void> {
    this.running = true;
    let delay = FIRST_RECHECK_MS;
    try {
      while (!this.closed) {
        const head = await this.readSafeHead();
        if (head > this.safeHead) {
          this.safeHead = head;
          this.notifier.notify();
        }
        if (this.safeHead >= this.target) break;
        await this.sleep(delay);
        delay = Math.min(this.maxDelayMs, delay * 2);
      }
    } catch {
      // The store is closing or the database is unreachable; subscriptions keep polling.
    } finally {
      this.running = false;
    }
  }

  /** Ends a wait between two checks of the safe head, if one is under way. */
  private recheckNow(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
    const wake = this.wakeTimer;
    this.wakeTimer = null;
    wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wakeTimer = resolve;
      this.timer = setTimeout(() => {
        this.timer = null;
        this.wakeTimer = null;
        resolve();
      }, ms);
    });
  }
}
