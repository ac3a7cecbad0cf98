/** Who holds a lease, as far as the process asking can see. */
export type LeaseHolder = Readonly<{
  /** Host name and process id of the holder (`host/pid`), for an operator to find it. */
  identity: string;
  /** When it took the lease (ISO 8601). */
  since: string;
}>;

/**
 * A named, exclusive lease that the system releases by itself when its holder dies: the way one of
 * several replicas is chosen to run a worker that must run once. Never waits for the lease; a
 * standby asks again on its next poll.
 */
export interface Lease {
  readonly name: string;
  /** One attempt: true when this process holds the lease now (also when it already did). */
  tryAcquire(): Promise<boolean>;
  /**
   * The holder's check that it still holds the lease (for PostgreSQL: its connection answers).
   * false or a throw means it may have lost it and must stop the work at once.
   */
  confirm(): Promise<boolean>;
  /** The current holder, if it can be told (null: nobody, or not known). */
  holder(): Promise<LeaseHolder | null>;
  /** Gives the lease up at once, so a standby takes it on its next poll; a later tryAcquire may take it again. */
  release(): Promise<void>;
  /**
   * What to call when the holder learns, without asking, that the lease is gone (PostgreSQL: its
   * session ended, which frees the lock on the server at once), so that it stops its work then,
   * before a standby's next poll, rather than at its own next confirm. Never called otherwise.
   */
  onLost(listener: () => void): void;
}

/** Opens the lease of one worker (`projector`, `relay`, …) on the backend the process is configured with. */
export type LeaseOpener = (name: string) => Lease;
