import { Module, type DynamicModule } from '@nestjs/common';
import type { SatisfactionTargets } from '@crm/domain';
import { OPENED_READ_MODEL_STORE, SatisfactionQueries, type ReadModelStore } from '@crm/read-models';
import { CommandGateway } from '../commands/command-gateway';
import { StreamStateCaches } from '../commands/stream-state-caches';
import { ReadYourWrites } from '../queries/read-your-writes';
import { ClientSatisfactionController } from './client-satisfaction.http.controller';
import { SatisfactionQueriesController } from './satisfaction-queries.http.controller';
import { SATISFACTION_TARGETS } from './satisfaction-targets.provider';

/**
 * Satisfaction answers and their figures (docs/decisions.md §61, §63). The read models and the
 * event store come from their global modules; the gateway and read-your-writes are AppModule
 * providers it does not export, so this module has its own instances, as AlertsModule does.
 */
@Module({})
export class SatisfactionModule {
  static forRoot(targets: SatisfactionTargets): DynamicModule {
    return {
      module: SatisfactionModule,
      controllers: [ClientSatisfactionController, SatisfactionQueriesController],
      providers: [
        CommandGateway,
        StreamStateCaches,
        ReadYourWrites,
        { provide: SATISFACTION_TARGETS, useValue: targets },
        {
          provide: SatisfactionQueries,
          inject: [OPENED_READ_MODEL_STORE],
          useFactory: (store: ReadModelStore) => new SatisfactionQueries(store),
        },
      ],
    };
  }
}
