import { Module, type DynamicModule } from '@nestjs/common';
import { EventStoreModule, eventStoreOptions } from '@crm/event-store';
import { ingestOptions, IngestModule } from '@crm/inbound';
import type { MessagingLogger } from '@crm/messaging';
import { LeadershipModule } from '@crm/platform';
import { leadershipOptionsFor } from '@crm/sql';
import type { IngestAppConfig } from './ingest.config';

/** The ingest process: the store (facts become events there) and the ingest worker. */
@Module({})
export class IngestAppModule {
  static forRoot(config: IngestAppConfig, logger: MessagingLogger): DynamicModule {
    return {
      module: IngestAppModule,
      imports: [
        LeadershipModule.forRoot(leadershipOptionsFor(config, logger)),
        EventStoreModule.forRoot(eventStoreOptions(config)),
        IngestModule.forRoot(ingestOptions(config, config.brokers, logger)),
      ],
    };
  }
}
