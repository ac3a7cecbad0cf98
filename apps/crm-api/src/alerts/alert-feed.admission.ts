/** What a refused connection is told; `Retry-After` comes with it. */
export type AdmissionRefusal = Readonly<{ scope: 'user' | 'total'; limit: number }>;

/**
 * Caps open alert-feed connections in this process, per user and in all: each holds a socket, a
 * queue of up to ALERT_STREAM_MAX_QUEUED_BYTES and a share of every alert written, so a runaway
 * script (or a thousand forgotten tabs) must not take the API's memory with it.
 */
export class AlertFeedAdmission {
  private readonly perUser = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly maxPerUser: number,
    private readonly maxTotal: number,
  ) {}

  /** A release function when admitted (call it once, when the connection closes), else why not. */
  admit(userId: string): (() => void) | AdmissionRefusal {
    const mine = this.perUser.get(userId) ?? 0;
    if (mine >= this.maxPerUser) return { scope: 'user', limit: this.maxPerUser };
    if (this.total >= this.maxTotal) return { scope: 'total', limit: this.maxTotal };
    this.perUser.set(userId, mine + 1);
    this.total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.perUser.get(userId) ?? 1) - 1;
      if (left === 0) this.perUser.delete(userId);
      else this.perUser.set(userId, left);
    };
  }

  get open(): number {
    return this.total;
  }
}
