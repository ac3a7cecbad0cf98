import { Module, type DynamicModule } from '@nestjs/common';
import { EventStoreModule, eventStoreOptions } from '@crm/event-store';
import { LeadershipModule } from '@crm/platform';
import { leadershipOptionsFor } from '@crm/sql';
import type { MessagingLogger } from '@crm/messaging';
import { readModelStoreLocation, ReadModelsModule } from '@crm/read-models';
import { riskMonitorOptions, RiskMonitorModule } from '@crm/risk';
import type { RiskMonitorConfig } from './risk-monitor.config';

/**
 * The risk-monitor process: the store (alerts are appended there), the read models (queried only:
 * the sweep judges satisfaction targets by their figures; the projector runs elsewhere) and the monitor.
 */
@Module({})
export class RiskMonitorAppModule {
  static forRoot(config: RiskMonitorConfig, logger: MessagingLogger): DynamicModule {
    return {
      module: RiskMonitorAppModule,
      imports: [
        LeadershipModule.forRoot(leadershipOptionsFor(config, logger)),
        EventStoreModule.forRoot(eventStoreOptions(config)),
        ReadModelsModule.forRoot({ ...readModelStoreLocation(config), runProjector: false }),
        RiskMonitorModule.forRoot(riskMonitorOptions(config, logger)),
      ],
    };
  }
}
