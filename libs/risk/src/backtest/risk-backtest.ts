import { toIntegrationMessage } from '@crm/contracts';
import { withTimeZone, type RiskRulesConfig } from '@crm/domain';
import { SqliteEventStore, type EventStore, type RecordedEvent } from '@crm/event-store';
import { sourceEventOf } from '@crm/messaging';
import { RiskMonitor, type RiskInput } from '../engine/risk-monitor';
import { InMemoryRiskStateStore } from '../state/in-memory.risk-state-store';
import { riskInputOfMessage } from '../sources/integration-message.mapping';
import { AlertTally, type RuleTallies } from './alert-tally';
import { ReplayClock } from './replay-clock';
import { TallyingAlertWriter } from './tallying-alert-writer';

/** A rules file to back-test, named as the report should name it (its path). */
export type BacktestRuleSet = Readonly<{ name: string; rules: RiskRulesConfig }>;

export type BacktestProgress = Readonly<{
  /** Position in the log read so far, and the log's head when the replay started. */
  position: bigint;
  head: bigint;
  /** Client events replayed so far. */
  events: number;
  /** The replay clock (log time), ISO-8601; null before the first event. */
  logTime: string | null;
}>;

export type RiskBacktestOptions = Readonly<{
  /** The store whose log is replayed; only read. */
  log: EventStore;
  ruleSets: readonly BacktestRuleSet[];
  /** The bank's time zone (BANK_TIME_ZONE): the daily sweep runs at the start of each of its days. */
  timeZone: string;
  /** Alerts before `from` are not counted (the events before it still build up state). */
  from?: Date | null;
  /** Events after `to` are not replayed; the daily sweep runs up to `to`. */
  to?: Date | null;
  pageSize?: number;
  /** Called after each page of the log and each day swept past its last event. */
  onProgress?: (progress: BacktestProgress) => void;
}>;

export type BacktestRun = Readonly<{
  name: string;
  rules: RuleTallies;
  /** Clients whose input kept failing (as production would park them): their counts stop there. */
  parkedClients: number;
}>;

export type RiskBacktestResult = Readonly<{
  /** Client events the rules saw. */
  events: number;
  /** Client events that could not be turned into integration messages (production skips them too). */
  unreadable: number;
  /** Clock sweeps run: one per bank day of log time, and one at the end. */
  sweeps: number;
  /** Log time the replay ended at (`to`, else the latest event), ISO-8601; null for an empty log. */
  end: string | null;
  /** One per rule set, in the order given. */
  runs: readonly BacktestRun[];
}>;

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** One rules file's side of the replay: its own monitor, risk state and scratch alert store. */
type Lane = Readonly<{ name: string; monitor: RiskMonitor; tally: AlertTally; scratch: SqliteEventStore }>;

/**
 * What the early-warning rules would have raised over the store's log, for several rules files
 * at once: the log is read once and every event is fed to one production `RiskMonitor` per file,
 * each with its risk state in memory and its alert streams in a scratch in-memory store, so
 * nothing is written anywhere and comparing two files costs one pass. The monitors run on an
 * explicit log-time clock (`ReplayClock`) that sweeps at the start of every bank day, with or
 * without events that day, up to `to` (or the last event), so ageing and absence rules fire as
 * they would have in production.
 */
export const runRiskBacktest = async (options: RiskBacktestOptions): Promise<RiskBacktestResult> => {
  const from = options.from ?? null;
  const to = options.to?.getTime() ?? null;
  const clock = new ReplayClock(options.timeZone);
  const lanes: Lane[] = [];
  try {
    for (const ruleSet of options.ruleSets) {
      const scratch = SqliteEventStore.open(':memory:', { synchronous: 'OFF' });
      const tally = new AlertTally(from);
      const monitor = new RiskMonitor({
        states: new InMemoryRiskStateStore(),
        alerts: new TallyingAlertWriter(scratch, tally, options.timeZone),
        // The rules run in the bank's zone, whatever zone the file was loaded with.
        rules: withTimeZone(ruleSet.rules, options.timeZone),
        logger: quiet,
        clock: () => clock.now(),
      });
      lanes.push({ name: ruleSet.name, monitor, tally, scratch });
    }

    const head = await options.log.headPosition();
    let position = 0n;
    let events = 0;
    let unreadable = 0;
    let sweeps = 0;
    /** The latest `occurredAt` replayed (the log is not in time order). */
    let latest: number | null = null;
    const progress = (): void =>
      options.onProgress?.({
        position,
        head,
        events,
        logTime: latest === null ? null : clock.now().toISOString(),
      });
    const sweep = async (): Promise<void> => {
      await Promise.all(lanes.map((lane) => lane.monitor.sweep()));
      sweeps += 1;
    };

    for (;;) {
      const page = await options.log.readAll({ after: position, maxCount: options.pageSize ?? 5000 });
      if (page.length === 0) break;
      for (const recorded of page) {
        position = recorded.position;
        if (!recorded.streamId.startsWith('client-')) continue;
        const occurred = Date.parse(recorded.metadata.occurredAt);
        if (to !== null && occurred > to) continue;
        const input = riskInputOf(recorded, options.timeZone);
        if (input === 'unreadable') unreadable += 1;
        // Log time moves with every client event, relevant to the rules or not.
        await clock.moveTo(occurred, sweep);
        latest = Math.max(latest ?? occurred, occurred);
        if (input === null || input === 'unreadable') continue;
        await Promise.all(
          lanes.map((lane) =>
            lane.monitor.accept(input.clientId, { kind: 'event', revision: input.revision, event: input.event }),
          ),
        );
        events += 1;
      }
      progress();
    }

    const end = to ?? latest;
    if (end !== null) {
      await clock.moveTo(end, async () => {
        await sweep();
        progress();
      });
      // Production would also have swept right after the last event; this catches what came due
      // between the last start of day and the end.
      await sweep();
    }
    return {
      events,
      unreadable,
      sweeps,
      end: end === null ? null : clock.now().toISOString(),
      runs: lanes.map((lane) => ({
        name: lane.name,
        rules: lane.tally.byRule(),
        parkedClients: lane.monitor.parkedCount(),
      })),
    };
  } finally {
    await Promise.all(lanes.map((lane) => lane.scratch.close()));
  }
};

/**
 * The rules' view of a client event, through the integration contract as in production;
 * null for an event the rules do not look at, 'unreadable' for one the contract cannot carry.
 */
const riskInputOf = (
  recorded: RecordedEvent,
  timeZone: string,
): (RiskInput & { clientId: string }) | null | 'unreadable' => {
  let message;
  try {
    message = toIntegrationMessage(sourceEventOf(recorded));
  } catch {
    return 'unreadable';
  }
  if (message === null) return null;
  const input = riskInputOfMessage(message, timeZone);
  if (!input.ok) return 'unreadable';
  if (!input.relevant) return null;
  return input;
};
