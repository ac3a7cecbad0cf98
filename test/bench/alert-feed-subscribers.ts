import { request, type ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Base } from './api-process';

/**
 * Many subscribers of the alert feed (`GET /v1/alerts/stream`, Server-Sent Events), each on its
 * own connection, noting when each alert event reaches it (performance.now(), keyed by the alert's
 * client) so the bench can measure delivery from the write's answer to every subscriber.
 */
export class AlertFeedSubscribers {
  /** Receipt times of alert events, per client the alert is about, over all subscribers. */
  readonly receipts = new Map<string, number[]>();
  private readonly requests: ClientRequest[] = [];
  private deliveries = 0;

  private constructor(private readonly base: Base) {}

  /** Opens `count` subscriptions, `batch` at a time; resolves once every one has answered 200. */
  static async open(base: Base, token: string, count: number, batch = 100): Promise<AlertFeedSubscribers> {
    const subscribers = new AlertFeedSubscribers(base);
    try {
      for (let opened = 0; opened < count; opened += batch)
        await Promise.all(Array.from({ length: Math.min(batch, count - opened) }, () => subscribers.subscribe(token)));
    } catch (error) {
      subscribers.close();
      throw error;
    }
    return subscribers;
  }

  get delivered(): number {
    return this.deliveries;
  }

  close(): void {
    for (const req of this.requests) req.destroy();
    this.requests.length = 0;
  }

  private subscribe(token: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          ...this.base,
          path: '/v1/alerts/stream',
          agent: false,
          headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            return reject(new Error(`alert feed answered ${String(res.statusCode)}`));
          }
          res.setEncoding('utf8');
          let buffer = '';
          res.on('data', (chunk: string) => {
            const now = performance.now();
            buffer += chunk;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              this.take(buffer.slice(0, end), now);
              buffer = buffer.slice(end + 2);
            }
          });
          // Closed by close(), or by the API: counted by what did not arrive.
          res.on('error', () => undefined);
          resolve();
        },
      );
      req.on('error', reject);
      req.end();
      this.requests.push(req);
    });
  }

  /** One SSE message: `id:`/`event:`/`data:` lines; comments (heartbeats) and `retry:` carry no data. */
  private take(block: string, now: number): void {
    const data = block.split('\n').find((line) => line.startsWith('data:'));
    if (data === undefined) return;
    const { clientId } = JSON.parse(data.slice(5)) as { clientId: string };
    const times = this.receipts.get(clientId);
    if (times === undefined) this.receipts.set(clientId, [now]);
    else times.push(now);
    this.deliveries += 1;
  }
}
