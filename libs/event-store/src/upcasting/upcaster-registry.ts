/** What an upcaster may know about the event besides its data: when the store recorded it. */
export type UpcastContext = Readonly<{ recordedAt: string }>;

/** Turns the data of an event recorded at an older schema version into the current shape. */
export type Upcast = (type: string, schemaVersion: number, data: unknown, context: UpcastContext) => unknown;

/** One step: data at `fromVersion` → data at `fromVersion + 1`. */
export type UpcastStep = (data: unknown, context: UpcastContext) => unknown;

/**
 * Upcasters by event type and version, applied step by step on read so deciders and projections
 * only ever see the current shape. Stored events are never rewritten.
 */
export class UpcasterRegistry {
  private readonly steps = new Map<string, UpcastStep>();

  register(type: string, fromVersion: number, step: UpcastStep): this {
    const key = `${type}@${fromVersion}`;
    if (this.steps.has(key)) throw new Error(`upcaster for ${key} already registered`);
    this.steps.set(key, step);
    return this;
  }

  /** Whether an event of `type` at `schemaVersion` has a step to take. */
  needsUpcast(type: string, schemaVersion: number): boolean {
    return this.steps.has(`${type}@${schemaVersion}`);
  }

  readonly upcast: Upcast = (type, schemaVersion, data, context) => {
    let current = data;
    for (let version = schemaVersion; ; version++) {
      const step = this.steps.get(`${type}@${version}`);
      if (step === undefined) return current;
      current = step(current, context);
    }
  };
}

/** The registry command handling uses unless told otherwise: none; stores opened by openEventStore upcast on read. */
export const defaultUpcasters = new UpcasterRegistry();
