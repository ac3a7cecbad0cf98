export type CommandResult<S, E> = {
  /**
   * Revision of the command's last event; when it decided none, of the stream's last event as the
   * command saw it (-1 when the stream was empty).
   */
  revision: number;
  /** Global position of that event; 0n if none. */
  position: bigint;
  events: E[];
  /** The state after the command's events. */
  state: S;
};
