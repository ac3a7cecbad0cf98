/**
 * The highest stream revision a consumer has applied per stream (`client-<id>`, `manager-<id>`). Kafka
 * delivers at least once; dropping every message at or below this revision turns that into
 * exactly-once effects. Keep it where the consumer keeps its effects, and record both in one
 * transaction when you can: then a crash between the two cannot happen.
 */
export interface AppliedRevisions {
  lastApplied(stream: string): Promise<number | null>;
  markApplied(stream: string, revision: number): Promise<void>;
}

/** For consumers whose effects are themselves in memory (rebuilt from the topic on start). */
export class InMemoryAppliedRevisions implements AppliedRevisions {
  private readonly revisions = new Map<string, number>();

  async lastApplied(stream: string): Promise<number | null> {
    return this.revisions.get(stream) ?? null;
  }

  async markApplied(stream: string, revision: number): Promise<void> {
    const current = this.revisions.get(stream);
    if (current === undefined || revision > current) this.revisions.set(stream, revision);
  }
}
