/** Turns the data of an event recorded at an older schema version into the current shape. */
export type Upcast = (type: string, schemaVersion: number, data: unknown) => unknown;

/** One step: data at `fromVersion` → data at `fromVersion + 1`. */
export type UpcastStep = (data: unknown) => unknown;

/**
 * Upcasters by event type and version, applied step by step on read so deciders and projections
 * only ever see the current shape. None are registered yet: every event is still at version 1.
 */
export class UpcasterRegistry {
  private readonly steps = new Map<string, UpcastStep>();

  register(type: string, fromVersion: number, step: UpcastStep): this {
    const key = `${type}@${fromVersion}`;
    if (this.steps.has(key)) throw new Error(`upcaster for ${key} already registered`);
    this.steps.set(key, step);
    return this;
  }

  readonly upcast: Upcast = (type, schemaVersion, data) => {
    let current = data;
    for (let version = schemaVersion; ; version++) {
      const step = this.steps.get(`${type}@${version}`);
      if (step === undefined) return current;
      current = step(current);
    }
  };
}

/** The registry command handling uses unless told otherwise. */
export const defaultUpcasters = new UpcasterRegistry();
