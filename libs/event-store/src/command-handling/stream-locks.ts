/**
 * Runs work for one key at a time, in arrival order; different keys run concurrently. Used so
 * that commands on one stream in this process queue behind each other instead of all loading the
 * same revision and clashing on append (where only one per commit group could win, and the rest
 * would burn their retries). Clashes with other processes are still possible and still retried.
 */
export class StreamLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous ? previous.then(() => done) : done;
    this.tails.set(key, tail);
    try {
      if (previous) await previous;
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with work running or queued. */
  get size(): number {
    return this.tails.size;
  }
}
