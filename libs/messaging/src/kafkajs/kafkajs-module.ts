import type * as KafkajsModule from 'kafkajs';

export type Kafkajs = typeof KafkajsModule;

let loaded: Kafkajs | undefined;

/**
 * kafkajs itself, loaded by the first broker a process makes rather than with the messaging
 * package: the embedded default and every process without KAFKA_BROKERS never talk to Kafka, and
 * loading it with the package cost each of them 143 modules at start. Synchronous, so a broker is
 * still made with `new` and answers `partitionFor` at once.
 */
export const kafkajs = (): Kafkajs =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deferred load; `import()` would make every broker's construction async
  (loaded ??= require('kafkajs') as Kafkajs);
