import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { alertStreamId, weekdaysCalendar, type AlertEvent } from '@crm/domain';
import { openEventStore, SqliteEventStore, eventStoreOptions } from '@crm/event-store';
import { loadStorageConfig, ProgressLine } from '@crm/platform';
import {
  AlertWriter,
  InMemoryRiskStateStore,
  loadRiskRules,
  RiskMonitor,
  riskInputOfMessage,
  RiskRulesFileError,
} from '@crm/risk';
import { toIntegrationMessage } from '@crm/contracts';
import { sourceEventOf } from '@crm/messaging';

const USAGE = 'usage: npm run risk:backtest -- [--rules <file>] [--from <date>] [--to <date>] [--json] [--all-clients]';
const PAGE = 5000;

type RuleTally = { raised: number; escalated: number; clients: Set<string> };

/**
 * Replays the store's log through the early-warning rules without writing anything: the same
 * monitor code as production, with its risk state and alert streams in memory. Events before
 * `--from` build up state but their alerts are not counted; the replay stops after `--to`.
 * The clock sweep (EW-COVER) runs once per day of log time. Prints per rule how many alerts it
 * would have raised or escalated, and for which clients.
 */
const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      rules: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean', default: false },
      'all-clients': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const from = parseDate(values.from, '--from');
  const to = parseDate(values.to, '--to');
  const rules = loadRiskRules(values.rules ?? null);

  const storage = loadStorageConfig();
  const store = await openEventStore(eventStoreOptions(storage));
  const scratch = SqliteEventStore.open(':memory:', { synchronous: 'OFF' });
  let clock = new Date(0);
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const monitor = new RiskMonitor({
    states: new InMemoryRiskStateStore(),
    // The back-test counts alerts, never their due times: the bank calendar would change nothing it reports.
    alerts: new AlertWriter(scratch, weekdaysCalendar(storage.bankTimeZone)),
    rules,
    logger: quiet,
    clock: () => clock,
  });
  const progress = new ProgressLine(process.stderr);
  try {
    const head = await store.headPosition();
    let after = 0n;
    let day = '';
    let replayed = 0;
    const started = Date.now();
    for (;;) {
      const page = await store.readAll({ after, maxCount: PAGE });
      if (page.length === 0) break;
      for (const recorded of page) {
        after = recorded.position;
        if (!recorded.streamId.startsWith('client-')) continue;
        const occurred = new Date(recorded.metadata.occurredAt);
        if (to !== null && occurred > to) continue;
        if (occurred > clock) clock = occurred;
        const today = clock.toISOString().slice(0, 10);
        if (today !== day) {
          day = today;
          await monitor.sweep();
        }
        const message = toIntegrationMessage(sourceEventOf(recorded));
        if (message === null) continue;
        const input = riskInputOfMessage(message);
        if (!input.ok || !input.relevant) continue;
        await monitor.accept(input.clientId, { kind: 'event', revision: input.revision, event: input.event });
        replayed += 1;
      }
      const seconds = (Date.now() - started) / 1000;
      progress.update(
        `back-test: ${after}/${head} positions (${Math.round((Number(after) / Math.max(Number(head), 1)) * 100)}%), ${Math.round(replayed / Math.max(seconds, 0.001))} events/s`,
      );
    }
    progress.end();

    const tally = await tallyAlerts(scratch, from);
    print(tally, values.json ?? false, values['all-clients'] ?? false, replayed);
  } finally {
    await scratch.close();
    await store.close();
  }
};

/** Alerts raised or escalated per rule (from `from` on), read back from the replay's scratch store. */
const tallyAlerts = async (scratch: SqliteEventStore, from: Date | null): Promise<Map<string, RuleTally>> => {
  const tally = new Map<string, RuleTally>();
  for (const event of await scratch.readAll()) {
    const alert = event as unknown as {
      type: AlertEvent['type'];
      data: { ruleId?: string; clientId: string; raisedAt?: string; escalatedAt?: string };
    };
    if (alert.type !== 'AlertRaised' && alert.type !== 'AlertEscalated') continue;
    const at = new Date(alert.data.raisedAt ?? alert.data.escalatedAt ?? 0);
    if (from !== null && at < from) continue;
    const ruleId = alert.data.ruleId ?? ruleOf(event.streamId);
    const entry = tally.get(ruleId) ?? { raised: 0, escalated: 0, clients: new Set<string>() };
    if (alert.type === 'AlertRaised') entry.raised += 1;
    else entry.escalated += 1;
    entry.clients.add(alert.data.clientId);
    tally.set(ruleId, entry);
  }
  return tally;
};

/** Alert streams are `alert-<ruleId>.<clientId>.<episode>`; escalations carry no rule id. */
const ruleOf = (streamId: string): string => streamId.slice(alertStreamId('').length).split('.')[0] ?? 'unknown';

const parseDate = (raw: string | undefined, flag: string): Date | null => {
  if (raw === undefined) return null;
  const date = new Date(raw);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`${flag} must be a date (e.g. 2026-01-31 or 2026-01-31T00:00:00Z)`);
  return date;
};

const print = (tally: Map<string, RuleTally>, json: boolean, allClients: boolean, replayed: number): void => {
  const rows = [...tally].sort(([a], [b]) => a.localeCompare(b));
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ events: replayed, rules: Object.fromEntries(rows.map(([rule, entry]) => [rule, { raised: entry.raised, escalated: entry.escalated, clients: [...entry.clients].sort() }])) }, null, 2)}\n`,
    );
    return;
  }
  process.stdout.write(
    `${replayed.toLocaleString('en-US')} client events replayed\n\nrule          raised  escalated  clients\n`,
  );
  for (const [rule, entry] of rows) {
    const clients = [...entry.clients].sort();
    const shown = allClients ? clients : clients.slice(0, 5);
    const more = clients.length > shown.length ? ` … and ${clients.length - shown.length} more (--all-clients)` : '';
    process.stdout.write(
      `${rule.padEnd(12)}  ${String(entry.raised).padStart(6)}  ${String(entry.escalated).padStart(9)}  ${clients.length}: ${shown.join(', ')}${more}\n`,
    );
  }
  if (rows.length === 0) process.stdout.write('(no alerts)\n');
};

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (
    error instanceof RiskRulesFileError ||
    error instanceof UsageError ||
    (error instanceof TypeError && /parseArgs|option/i.test(error.message))
  ) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`back-test failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
