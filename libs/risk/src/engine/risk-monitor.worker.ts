import { setTimeout as sleep } from 'node:timers/promises';
import type { BankCalendar, RiskRulesConfig, RiskReading, SatisfactionTargets } from '@crm/domain';
import type { EventStore } from '@crm/event-store';
import type { MessageBroker, MessagingLogger } from '@crm/messaging';
import { RiskCaseKeeper } from '../cases/risk-case-keeper';
import { ComplaintDeadlineKeeper } from '../complaints/complaint-deadline-keeper';
import { SatisfactionTargetKeeper, type SatisfactionFiguresSource } from '../satisfaction/satisfaction-target-keeper';
import { RiskCaseLogFollower } from '../cases/risk-case.log-follower';
import { KafkaRiskSource } from '../sources/kafka.risk-source';
import type { RiskEventSource } from '../sources/risk-event-source.port';
import { StoreLogRiskSource } from '../sources/store-log.risk-source';
import type { ParkedClient, RiskStateStore } from '../state/risk-state-store.port';
import { AlertWriter, type RaiseOutcome } from './alert-writer';
import { RiskMonitor } from './risk-monitor';

export type RiskMonitorWorkerOptions = Readonly<{
  store: EventStore;
  states: RiskStateStore;
  rules: RiskRulesConfig;
  /** The bank calendar alerts fall due on. */
  calendar: BankCalendar;
  logger: MessagingLogger;
  /** Kafka in server mode; without it the monitor follows the store's log. */
  kafka?: Readonly<{
    broker: MessageBroker;
    groupId: string;
    topic: string;
    deadLetterTopic: string;
    partitions: number;
  }>;
  /** How often the clock sweep (EW-COVER, overdue risk cases, complaint deadlines, satisfaction targets) runs; 0 turns it off. */
  sweepIntervalMs: number;
  /**
   * The branches' quarterly targets and the figures to judge them by (the satisfaction read
   * model); without them the sweep judges no quarter.
   */
  satisfaction?: Readonly<{ figures: SatisfactionFiguresSource; targets: SatisfactionTargets; timeZone: string }>;
  /** How often parked clients are retried. */
  parkedRetryMs: number;
  clock?: () => Date;
  onAlert?: (outcome: RaiseOutcome, reading: RiskReading) => void;
}>;

export type RiskMonitorStatus = Readonly<{
  source: string;
  running: boolean;
  startError: string | null;
  parkedClients: number;
  /** Inputs that parked their client since start (Kafka mode: each also on the dead-letter topic). */
  parkedInputs: number;
  /**
   * Following the store's log: the position of the last event handled, to hold against the log's
   * head (after a restart on a long log the monitor may be minutes behind the projector). Null on
   * Kafka, whose consumer lag says the same.
   */
  checkpoint: string | null;
  /**
   * The risk-case keeper's: the last event it handled of the store's log (whatever the source),
   * where the cases opened for alerts catch up. It follows the monitor's alerts, so after a catch-up
   * it writes on for a while once the monitor has reached the head.
   */
  caseKeeperCheckpoint: string | null;
}>;

type Term = Readonly<{ abort: AbortController; timers: NodeJS.Timeout[]; starting: Promise<void> }>;

/**
 * Runs the risk monitor between `start()` and `stop()`, possibly several times in a process's life
 * (each term of its leadership): its event source, the clock sweep and the retry of parked
 * clients. Kafka being down at start does not fail the process; the start is retried in the
 * background and reported in the status. `close()` also closes the broker and the state store.
 */
export class RiskMonitorWorker {
  readonly monitor: RiskMonitor;
  readonly cases: RiskCaseKeeper;
  readonly complaints: ComplaintDeadlineKeeper;
  readonly satisfaction: SatisfactionTargetKeeper | null;
  private readonly source: RiskEventSource;
  private readonly caseFollower: RiskCaseLogFollower;
  private running = false;
  private startError: string | null = null;
  private readonly busy = new Set<string>();
  private term: Term | null = null;

  constructor(private readonly options: RiskMonitorWorkerOptions) {
    let deadLetter: KafkaRiskSource['deadLetter'] | undefined;
    const kafka = options.kafka;
    const complaints = new ComplaintDeadlineKeeper(options.store, options.states);
    this.complaints = complaints;
    const satisfaction = options.satisfaction;
    this.satisfaction =
      satisfaction === undefined
        ? null
        : new SatisfactionTargetKeeper(
            options.store,
            satisfaction.figures,
            satisfaction.targets,
            satisfaction.timeZone,
          );
    this.monitor = new RiskMonitor({
      follow: (clientId, event) => complaints.follow(clientId, event),
      states: options.states,
      alerts: new AlertWriter(options.store, options.calendar),
      rules: options.rules,
      logger: options.logger,
      ...(options.clock ? { clock: options.clock } : {}),
      deadLetter: (clientId, payload, error) => deadLetter?.(clientId, payload, error) ?? Promise.resolve(),
      ...(options.onAlert ? { onAlert: options.onAlert } : {}),
    });
    this.cases = new RiskCaseKeeper(options.store, options.states, options.calendar);
    this.caseFollower = new RiskCaseLogFollower(options.store, this.cases, options.logger);
    if (kafka) {
      const source = new KafkaRiskSource({ ...kafka, monitor: this.monitor, logger: options.logger });
      deadLetter = source.deadLetter;
      this.source = source;
    } else {
      this.source = new StoreLogRiskSource(options.store, this.monitor, options.logger);
    }
  }

  status(): RiskMonitorStatus {
    return {
      source: this.source.name,
      running: this.running,
      startError: this.startError,
      parkedClients: this.monitor.parkedCount(),
      parkedInputs: this.monitor.parkedInputCount(),
      checkpoint: this.source.position()?.toString() ?? null,
      caseKeeperCheckpoint: this.caseFollower.position()?.toString() ?? null,
    };
  }

  parkedClients(): Promise<ParkedClient[]> {
    return this.monitor.parkedClients();
  }

  /** Begins a term; returns at once, the source starting (and retrying its start) in the background. */
  start(): Promise<void> {
    if (this.term === null) {
      const abort = new AbortController();
      const timers: NodeJS.Timeout[] = [];
      this.term = { abort, timers, starting: this.startWithRetries(abort.signal, timers) };
    }
    return Promise.resolve();
  }

  /** Resolves once the current term's source has started (or the term was stopped). */
  async started(): Promise<void> {
    await this.term?.starting;
  }

  /** Ends the term: no new sweep or retry, the inputs in flight are finished. */
  async stop(): Promise<void> {
    const term = this.term;
    this.term = null;
    if (term === null) return;
    term.abort.abort();
    for (const timer of term.timers) clearInterval(timer);
    await term.starting.catch(() => undefined);
    await this.source.stop();
    await this.caseFollower.stop();
    await this.monitor.idle();
    this.running = false;
    this.startError = null;
  }

  async close(): Promise<void> {
    await this.stop();
    await this.options.kafka?.broker.close();
    await this.options.states.close();
  }

  private async startWithRetries(signal: AbortSignal, timers: NodeJS.Timeout[]): Promise<void> {
    let delay = 500;
    while (!signal.aborted) {
      try {
        // Parked clients are read again each term: the previous leader may have parked or freed some.
        await this.monitor.init();
        await this.source.start();
        await this.caseFollower.start();
        this.running = true;
        this.startError = null;
        break;
      } catch (error) {
        this.startError = error instanceof Error ? error.message : 'unknown error';
        this.options.logger.warn(
          { error: this.startError, retryInMs: delay },
          'risk monitor could not start its source; retrying',
        );
        try {
          await sleep(delay, undefined, { signal });
        } catch {
          return;
        }
        delay = Math.min(delay * 2, 10_000);
      }
    }
    if (signal.aborted) return;
    if (this.options.sweepIntervalMs > 0) {
      timers.push(setInterval(() => void this.guard('sweep', () => this.sweep()), this.options.sweepIntervalMs));
    }
    timers.push(
      setInterval(() => void this.guard('parked retry', () => this.monitor.retryParked()), this.options.parkedRetryMs),
    );
  }
  /**
   * The clock sweep: alerts that time alone raises, then risk cases and complaints past their due
   * time, then the branches' last ended quarter against their satisfaction targets.
   */
  private async sweep(): Promise<void> {
    await this.monitor.sweep();
    const now = (this.options.clock?.() ?? new Date()).toISOString();
    await this.cases.sweepOverdue(now);
    await this.complaints.sweepOverdue(now);
    await this.satisfaction?.sweep(now);
  }

  /** A slow pass must not overlap the next tick of the same timer. */
  private async guard(what: string, work: () => Promise<unknown>): Promise<void> {
    if (this.busy.has(what)) return;
    this.busy.add(what);
    try {
      await work();
    } catch (error) {
      this.options.logger.error(
        { error: error instanceof Error ? error.message : 'unknown' },
        `risk monitor ${what} failed`,
      );
    } finally {
      this.busy.delete(what);
    }
  }
}
