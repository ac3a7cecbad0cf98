import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { shutdownTracing } from './tracing';

/**
 * Sends the spans still queued when the app stops. Nest runs this after every module's destroy
 * hooks, so the relay's and the risk monitor's last spans are in the batch.
 */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return shutdownTracing();
  }
}
