import { Module } from '@nestjs/common';
import { MetricsModule } from '@crm/platform';
import { AlertFeed } from './alert-feed';
import { AlertFeedController } from './alert-feed.http.controller';
import { AlertFeedMetrics } from './alert-feed.metrics';
import { ALERT_FEED_OPTIONS, alertFeedOptionsFromEnv } from './alert-feed.options';

/**
 * The alert feed (Server-Sent Events), each caller narrowed to their clients: `GET /v1/alerts/stream`. Needs
 * EVENT_STORE (global, from EventStoreModule). Tuned by the ALERT_STREAM_* variables, read and
 * validated when the app is built (see alert-feed.options.ts); none is required.
 */
@Module({
  imports: [MetricsModule],
  controllers: [AlertFeedController],
  providers: [
    { provide: ALERT_FEED_OPTIONS, useFactory: () => alertFeedOptionsFromEnv(process.env) },
    AlertFeed,
    AlertFeedMetrics,
  ],
  exports: [AlertFeed],
})
export class AlertFeedModule {}
