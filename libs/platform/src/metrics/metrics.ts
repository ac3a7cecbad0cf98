import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus registry, and the one way to put a series on it: feature modules inject
 * `Metrics` (MetricsModule is global) and register their own series when they are built. Labels
 * carry route patterns, status codes and reasons only, never ids or other values from requests, so
 * the series stay bounded and hold no personal data.
 */
export class Metrics {
  readonly registry = new Registry();

  /** `prefix` names the process's default series (memory, CPU, event loop): `crm_` for the API. */
  constructor(prefix: string) {
    collectDefaultMetrics({ register: this.registry, prefix });
  }

  /** A counter the feature increments itself. */
  counter<Label extends string = never>(name: string, help: string, labelNames: readonly Label[] = []): Counter<Label> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<Label extends string>(
    name: string,
    help: string,
    labelNames: readonly Label[],
    buckets: readonly number[],
  ): Histogram<Label> {
    return new Histogram({ name, help, labelNames, buckets: [...buckets], registers: [this.registry] });
  }

  /** A gauge read from the feature at each scrape. */
  gauge(name: string, help: string, read: () => number | Promise<number>): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set(await read());
      },
    });
  }

  /** A gauge with one label, one series per key of what `read` returns at each scrape. */
  gaugeBy(name: string, help: string, label: string, read: () => ReadonlyMap<string, number>): void {
    new Gauge({
      name,
      help,
      labelNames: [label],
      registers: [this.registry],
      collect() {
        for (const [value, reading] of read()) this.set({ [label]: value }, reading);
      },
    });
  }

  /** A counter with one label mirroring counts the feature keeps itself (read at each scrape). */
  counterOfBy(name: string, help: string, label: string, read: () => ReadonlyMap<string, number>): void {
    const seen = new Map<string, number>();
    new Counter({
      name,
      help,
      labelNames: [label],
      registers: [this.registry],
      collect() {
        for (const [value, now] of read()) {
          const before = seen.get(value) ?? 0;
          if (now > before) this.inc({ [label]: value }, now - before);
          seen.set(value, now);
        }
      },
    });
  }

  /** A counter mirroring a count the feature keeps itself (read at each scrape; never goes down). */
  counterOf(name: string, help: string, read: () => number): void {
    let seen = 0;
    new Counter({
      name,
      help,
      registers: [this.registry],
      collect() {
        const now = read();
        if (now > seen) this.inc(now - seen);
        seen = now;
      },
    });
  }

  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
