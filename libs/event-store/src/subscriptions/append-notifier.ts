/**
 * In-process signal that new events were committed, so live subscriptions wake at once instead of
 * waiting for their next poll. Listeners must be cheap: they run right after a commit.
 */
export class AppendNotifier {
  private readonly listeners = new Set<() => void>();

  /** Returns the function that removes the listener. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
