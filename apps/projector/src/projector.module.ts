import { Module, type DynamicModule } from '@nestjs/common';
import { EventStoreModule, eventStoreOptions } from '@crm/event-store';
import { LeadershipModule } from '@crm/platform';
import { leadershipOptionsFor } from '@crm/sql';
import { readModelStoreLocation, ReadModelsModule, type ProjectionLogger } from '@crm/read-models';
import type { ProjectorConfig } from './projector.config';

/** The projector process: the event store to read from and the read models to project into. Nothing else. */
@Module({})
export class ProjectorModule {
  static forRoot(config: ProjectorConfig, logger: ProjectionLogger): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
        LeadershipModule.forRoot(leadershipOptionsFor(config, logger)),
        EventStoreModule.forRoot(eventStoreOptions(config)),
        ReadModelsModule.forRoot({
          ...readModelStoreLocation(config),
          runProjector: true,
          batchSize: config.batchSize,
          catchUpBatchSize: config.projectionCatchUpBatchSize,
          cachedViews: config.projectionCachedViews,
          progressEvery: config.progressEvery,
          logger,
        }),
      ],
    };
  }
}
