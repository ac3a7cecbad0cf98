import { Client, type ClientConfig } from 'pg';
import { quoteIdentifier } from '@crm/sql';

const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;

/**
 * One dedicated connection LISTENing on the store's channel (a pooled connection cannot LISTEN:
 * it is handed to other queries between notifications). Reconnects with backoff when the
 * connection drops, and reports `onNotification(null)` after reconnecting, since notifications
 * sent meanwhile are lost; polling covers the gap until then.
 */
export class NotificationListener {
  private client: Client | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private delayMs = RECONNECT_MIN_MS;

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    private readonly onNotification: (payload: string | null) => void,
  ) {}

  /** Resolves once listening; a failure here is left to the polling fallback and retried. */
  async start(): Promise<void> {
    await this.connect().catch(() => this.scheduleReconnect());
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client(this.config);
    client.on('notification', (message) => this.onNotification(message.payload ?? null));
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    await client.connect();
    if (this.closed) {
      await client.end();
      return;
    }
    await client.query(`LISTEN ${quoteIdentifier(this.channel)}`);
    this.client = client;
    this.delayMs = RECONNECT_MIN_MS;
  }

  private lost(client: Client): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    void client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer !== null) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().then(
        () => this.onNotification(null),
        () => this.scheduleReconnect(),
      );
    }, this.delayMs);
    this.delayMs = Math.min(RECONNECT_MAX_MS, this.delayMs * 2);
  }
}
