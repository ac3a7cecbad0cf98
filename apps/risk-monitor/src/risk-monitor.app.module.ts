import { Module, type DynamicModule } from '@nestjs/common';
import { EventStoreModule, eventStoreOptions } from '@crm/event-store';
import { LeadershipModule } from '@crm/platform';
import { leadershipOptionsFor } from '@crm/sql';
import type { MessagingLogger } from '@crm/messaging';
import { riskMonitorOptions, RiskMonitorModule } from '@crm/risk';
import type { RiskMonitorConfig } from './risk-monitor.config';

/** The risk-monitor process: the store (alerts are appended there) and the monitor. */
@Module({})
export class RiskMonitorAppModule {
  static forRoot(config: RiskMonitorConfig, logger: MessagingLogger): DynamicModule {
    return {
      module: RiskMonitorAppModule,
      imports: [
        LeadershipModule.forRoot(leadershipOptionsFor(config, logger)),
        EventStoreModule.forRoot(eventStoreOptions(config)),
        RiskMonitorModule.forRoot(riskMonitorOptions(config, logger)),
      ],
    };
  }
}
