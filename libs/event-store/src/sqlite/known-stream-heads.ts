/** Streams remembered at most; past it the memory starts again empty (reads refill it). */
const MAX_KNOWN_STREAMS = 100_000;

/**
 * An upper bound of the last revision of streams this connection has read or written, true for as
 * long as no other connection has committed to the file: SQLite's `PRAGMA data_version` changes
 * exactly then (another process, or another connection of this one), and everything is forgotten.
 * This connection's own appends keep it exact as they commit.
 */
export class KnownStreamHeads {
  private readonly heads = new Map<string, number>();

  constructor(private dataVersion: number) {}

  validate(dataVersion: number): void {
    if (dataVersion === this.dataVersion) return;
    this.dataVersion = dataVersion;
    this.heads.clear();
  }

  /** Whether the stream is known to hold nothing at or after `revision`. */
  isPast(streamId: string, revision: number): boolean {
    const head = this.heads.get(streamId);
    return head !== undefined && revision > head;
  }

  /** A read found the stream's last revision to be at most `revision` (-1: empty). */
  atMost(streamId: string, revision: number): void {
    const head = this.heads.get(streamId);
    if (head === undefined || revision < head) this.remember(streamId, revision);
  }

  wrote(streamId: string, revision: number): void {
    this.remember(streamId, revision);
  }

  forget(streamId: string): void {
    this.heads.delete(streamId);
  }

  forgetAll(): void {
    this.heads.clear();
  }

  private remember(streamId: string, revision: number): void {
    if (this.heads.size >= MAX_KNOWN_STREAMS && !this.heads.has(streamId)) this.heads.clear();
    this.heads.set(streamId, revision);
  }
}
