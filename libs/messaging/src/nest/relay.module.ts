import { Global, Inject, Module, type DynamicModule, type BeforeApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { KafkajsMessageBroker } from '../kafkajs/kafkajs.message-broker';
import type { MessagingLogger } from '../message-broker.port';
import { RelayWorker, type RelayWorkerOptions } from './relay-worker';

export type RelayModuleOptions = RelayWorkerOptions &
  Readonly<{ brokers: readonly string[]; clientId: string; logger: MessagingLogger }>;

/** Runs the event relay inside a Nest process (the embedded API or the event-relay app). */
@Global()
@Module({})
export class RelayModule implements BeforeApplicationShutdown {
  constructor(@Inject(RelayWorker) private readonly worker: RelayWorker) {}

  static forRoot(options: RelayModuleOptions): DynamicModule {
    const { brokers, clientId, logger, ...relayOptions } = options;
    return {
      module: RelayModule,
      providers: [
        {
          provide: RelayWorker,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) =>
            new RelayWorker(store, new KafkajsMessageBroker({ brokers, clientId, logger }), logger, relayOptions),
        },
      ],
      exports: [RelayWorker],
    };
  }

  // Before the store module closes the store under it.
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }
}
