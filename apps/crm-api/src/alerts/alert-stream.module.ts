import { Module } from '@nestjs/common';
import { MetricsModule } from '@crm/platform';
import { AlertFeed } from './alert-feed';
import { AlertStreamController } from './alert-stream.http.controller';
import { AlertStreamMetrics } from './alert-stream.metrics';
import { ALERT_STREAM_OPTIONS, alertStreamOptionsFromEnv } from './alert-stream.options';

/**
 * The live alert stream (Server-Sent Events) for risk officers: `GET /v1/alerts/stream`. Needs
 * EVENT_STORE (global, from EventStoreModule). Tuned by the ALERT_STREAM_* variables, read and
 * validated when the app is built (see alert-stream.options.ts); none is required.
 */
@Module({
  imports: [MetricsModule],
  controllers: [AlertStreamController],
  providers: [
    { provide: ALERT_STREAM_OPTIONS, useFactory: () => alertStreamOptionsFromEnv(process.env) },
    AlertFeed,
    AlertStreamMetrics,
  ],
  exports: [AlertFeed],
})
export class AlertStreamModule {}
