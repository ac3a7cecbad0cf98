import { performance } from 'node:perf_hooks';
import { devToken, send, sleep, type Base } from './api-process';
import { AlertFeedSubscribers } from './alert-feed-subscribers';
import { BENCH } from './http-against-bare';
import type { HttpBenchSettings } from './http-settings';
import { registerClients } from './http-writes';
import { summariseLatency, type BenchReport } from './report';

/** How long the feed may stay silent before the bench stops waiting for missing deliveries. */
const QUIET_MS = 5_000;
const DEADLINE_MS = 60_000;

/**
 * The alert feed's fan-out: `subscribers` risk officers on `GET /v1/alerts/stream`, then
 * `alerts` past-due reports (35 days on a fresh facility: each raises EW-DPD and the
 * classification floor, EW-CLASS-FLOOR) sent through the API at a paced rate. Latency runs from
 * the report's answer to each subscriber's receipt of each alert it raised, so it holds the risk
 * monitor's reaction (it follows the store log in the API process) as well as the fan-out.
 */
export async function alertFanOut(
  report: BenchReport,
  settings: HttpBenchSettings,
  base: Base,
  token: string,
): Promise<void> {
  const clients = await registerClients(base, token, settings.alerts, 'alert', (clientId) =>
    send(base, token, 'PUT', `/v1/clients/${clientId}/facilities/F-1`, { limit: '1000000.00', currency: 'CNY' }),
  );
  report.progress(`${BENCH}: opening ${settings.subscribers} alert-feed subscriptions`, 0, 1);
  const feed = await AlertFeedSubscribers.open(base, await devToken(base, 'risk_officer'), settings.subscribers);
  try {
    await sleep(1_000);
    const answeredAt = new Map<string, number>();
    let errors = 0;
    const started = performance.now();
    const reports: Promise<void>[] = [];
    for (let n = 0; n < clients.length; n++) {
      const wait = started + (n * 1000) / settings.alertRate - performance.now();
      if (wait > 0) await sleep(wait);
      const clientId = clients[n];
      reports.push(
        send(base, token, 'POST', `/v1/clients/${clientId}/facilities/F-1/past-due`, {
          daysPastDue: 35,
          amountOverdue: '1000.00',
        }).then(
          () => void answeredAt.set(clientId, performance.now()),
          () => void (errors += 1),
        ),
      );
      report.progress(`${BENCH}: past-due reports at ${settings.alertRate}/s`, n + 1, clients.length);
    }
    await Promise.all(reports);

    // Each report raises two alerts; wait for all of them at every subscriber, or for the feed to go quiet.
    const expected = 2 * settings.subscribers * answeredAt.size;
    const deadline = Date.now() + DEADLINE_MS;
    let seen = -1;
    let quietSince = Date.now();
    while (feed.delivered < expected && Date.now() < deadline && Date.now() - quietSince < QUIET_MS) {
      if (feed.delivered !== seen) [seen, quietSince] = [feed.delivered, Date.now()];
      await sleep(100);
    }

    const latencies: number[] = [];
    let last = started;
    for (const [clientId, times] of feed.receipts) {
      const answered = answeredAt.get(clientId);
      if (answered === undefined) continue;
      for (const at of times) {
        latencies.push(Math.max(0, at - answered));
        last = Math.max(last, at);
      }
    }
    const seconds = (last - started) / 1000;
    report.record({
      bench: BENCH,
      name: `alert feed fan-out: ${settings.subscribers.toLocaleString('en-US')} SSE subscribers, ${clients.length} past-due reports at ${settings.alertRate}/s`,
      store: 'sqlite (durable)',
      operations: latencies.length,
      unit: 'deliveries',
      seconds,
      perSecond: latencies.length / seconds,
      latency: summariseLatency(latencies),
      notes: `latency from the report's answer to each subscriber's receipt of each alert it raised (risk monitor embedded, following the store log); ${latencies.length.toLocaleString('en-US')} of ${expected.toLocaleString('en-US')} expected deliveries; rate over the span from the first report to the last receipt; ${errors} failed reports`,
    });
  } finally {
    feed.close();
  }
}
