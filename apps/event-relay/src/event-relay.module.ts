import { Module, type DynamicModule } from '@nestjs/common';
import { EventStoreModule, eventStoreOptions } from '@crm/event-store';
import { LeadershipModule } from '@crm/platform';
import { leadershipOptionsFor } from '@crm/sql';
import { CLIENT_EVENTS_TOPIC, CLIENT_STATE_TOPIC, DEAD_LETTER_TOPIC, RISK_ALERTS_TOPIC } from '@crm/contracts';
import { RelayModule, type MessagingLogger } from '@crm/messaging';
import type { EventRelayConfig } from './event-relay.config';

/** The relay process: the store's log in, Kafka out. Nothing else. */
@Module({})
export class EventRelayModule {
  static forRoot(config: EventRelayConfig, logger: MessagingLogger): DynamicModule {
    return {
      module: EventRelayModule,
      imports: [
        LeadershipModule.forRoot(leadershipOptionsFor(config, logger)),
        EventStoreModule.forRoot(eventStoreOptions(config)),
        RelayModule.forRoot({
          brokers: config.kafkaBrokers,
          clientId: `${config.kafkaClientId}-relay`,
          topic: `${config.kafkaTopicPrefix}${CLIENT_EVENTS_TOPIC}`,
          riskAlertsTopic: `${config.kafkaTopicPrefix}${RISK_ALERTS_TOPIC}`,
          deadLetterTopic: `${config.kafkaTopicPrefix}${DEAD_LETTER_TOPIC}`,
          clientStateTopic: `${config.kafkaTopicPrefix}${CLIENT_STATE_TOPIC}`,
          publishSuperseded: config.kafkaPublishSuperseded,
          partitions: config.kafkaTopicPartitions,
          batchSize: config.relayBatchSize,
          logger,
        }),
      ],
    };
  }
}
