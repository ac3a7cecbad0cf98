import {
  Global,
  Inject,
  Module,
  Optional,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { unknownSupersededTypes } from '@crm/contracts';
import { ConfigError, Leadership, runWorker, type SingletonWorker } from '@crm/platform';
import { KafkajsMessageBroker } from '../kafkajs/kafkajs.message-broker';
import type { MessagingLogger } from '../message-broker.port';
import { RelayWorker, type RelayWorkerOptions } from './relay-worker';

export type RelayModuleOptions = RelayWorkerOptions &
  Readonly<{ brokers: readonly string[]; clientId: string; logger: MessagingLogger }>;

/** The relay's lease: one relay per store, whichever process runs it. */
export const RELAY_LEASE = 'relay';

/**
 * Runs the event relay inside a Nest process (the embedded API or the event-relay app): behind its
 * lease when the process has a Leadership (so one replica relays), else unconditionally.
 */
@Global()
@Module({})
export class RelayModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private singleton: SingletonWorker | null = null;

  constructor(
    @Inject(RelayWorker) private readonly worker: RelayWorker,
    @Optional() private readonly leadership?: Leadership,
  ) {}

  static forRoot(options: RelayModuleOptions): DynamicModule {
    const { brokers, clientId, logger, ...relayOptions } = options;
    const unknown = unknownSupersededTypes(relayOptions.publishSuperseded ?? []);
    if (unknown.length > 0) {
      throw new ConfigError(
        'KAFKA_PUBLISH_SUPERSEDED',
        `names ${unknown.join(', ')}, which is not a superseded message type (docs/events.md, Versioning)`,
      );
    }
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

  async onApplicationBootstrap(): Promise<void> {
    this.singleton = await runWorker(this.leadership, RELAY_LEASE, this.worker);
  }

  // Before the store module closes the store under it.
  async beforeApplicationShutdown(): Promise<void> {
    await this.singleton?.stop();
    await this.worker.close();
  }
}
