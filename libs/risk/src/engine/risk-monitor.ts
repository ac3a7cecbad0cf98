import {
  alertIdFor,
  applyRiskEvent,
  assessGroup,
  memberExposure,
  evaluateSweep,
  initialRiskState,
  needsClockSweep,
  type ClientRiskState,
  type RiskEvent,
  type RiskReading,
  type RiskRulesConfig,
} from '@crm/domain';
import type { MessagingLogger } from '@crm/messaging';
import { inSpan, type TraceContext } from '@crm/platform';
import type { ParkedClient, ParkedPayload, RiskStateStore } from '../state/risk-state-store.port';
import type { AlertWriter, RaiseOutcome } from './alert-writer';
import { riskInputOfRaw } from '../sources/integration-message.mapping';
import { EventLoopSlice } from './event-loop-slice';
import { traceContextOfInput } from './risk-trace';

export type RiskInput = Readonly<{ revision: number; event: RiskEvent }>;

export type AcceptOutcome = 'applied' | 'duplicate' | 'held' | 'parked';

export type RiskMonitorOptions = Readonly<{
  states: RiskStateStore;
  alerts: AlertWriter;
  rules: RiskRulesConfig;
  logger: MessagingLogger;
  clock?: () => Date;
  /** Tries of one input before the client is parked. */
  maxAttempts?: number;
  /** Called once when an input parks its client (e.g. to the dead-letter topic). */
  deadLetter?: (clientId: string, payload: ParkedPayload, error: string) => Promise<void>;
  onAlert?: (outcome: RaiseOutcome, reading: RiskReading) => void;
  /**
   * Keepers that follow the client events too (the complaint deadlines), called before the
   * client's state is saved, so a crash in between replays the event to them as well.
   */
  follow?: (clientId: string, event: RiskEvent) => Promise<void>;
  /** How long the clock sweep may hold the event loop before it lets other work in (default 5 ms). */
  sweepSliceMs?: number;
}>;

const DEFAULT_SWEEP_SLICE_MS = 5;

/**
 * The risk monitor's core, the same whatever feeds it (Kafka, the store's log, a back-test):
 * per client, fold each event into the durable risk state, run the rules, and turn readings into
 * alert commands. A client's inputs are handled one at a time and in order. An input that keeps
 * failing parks its client: it is kept, the client's later inputs queue behind it, other clients
 * carry on, and parked clients are retried (`retryParked`).
 */
export class RiskMonitor {
  private readonly chains = new Map<string, Promise<unknown>>();
  private parked = new Set<string>();
  private parkedInputs = 0;

  constructor(private readonly options: RiskMonitorOptions) {}

  /** The bank's time zone the rules run in; sources read superseded message versions with it. */
  get timeZone(): string {
    return this.options.rules.timeZone;
  }

  /** Loads which clients are parked (a restart must keep holding them back). */
  async init(): Promise<void> {
    this.parked = new Set((await this.options.states.parkedClients()).map((client) => client.clientId));
  }

  accept(clientId: string, payload: ParkedPayload): Promise<AcceptOutcome> {
    return this.serial(clientId, async () => {
      if (this.parked.has(clientId)) {
        await this.options.states.park(clientId, payload, 'held behind an earlier input', this.now());
        return 'held';
      }
      const maxAttempts = this.options.maxAttempts ?? 3;
      let lastError = '';
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        try {
          return await this.process(clientId, payload);
        } catch (error) {
          lastError = errorText(error);
          // An input that cannot even be read will not read better on a second try.
          if (error instanceof UnreadableInput) break;
          await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
        }
      }
      await this.options.states.park(clientId, payload, lastError, this.now());
      this.parked.add(clientId);
      this.parkedInputs += 1;
      this.options.logger.error(
        { clientId, error: lastError },
        'risk input failed; client parked, its later events wait',
      );
      await this.options.deadLetter?.(clientId, payload, lastError);
      return 'parked';
    });
  }

  /**
   * Runs the clock sweep over the clients whose risk moves with time alone: arrears that age
   * (EW-DPD, EW-CLASS-FLOOR) and core and key clients' coverage (EW-COVER). Returns how many alerts it wrote.
   */
  async sweep(): Promise<number> {
    let written = 0;
    const slice = new EventLoopSlice(this.options.sweepSliceMs ?? DEFAULT_SWEEP_SLICE_MS);
    for (const clientId of await this.options.states.coveredClients()) {
      await slice.yieldIfDue();
      written += await this.serial(clientId, async () => {
        if (this.parked.has(clientId)) return 0;
        const stored = await this.options.states.load(clientId);
        if (stored === null) return 0;
        const now = this.now();
        const { readings, state } = evaluateSweep(stored.state, now, this.options.rules);
        const { state: next, written: count } = await this.raiseAll(clientId, state, readings, now);
        await this.options.states.save(clientId, { state: next, revision: stored.revision }, needsClockSweep(next));
        return count;
      });
    }
    return written;
  }

  /** Retries each parked client's held inputs in order; a client whose queue empties flows again. */
  async retryParked(): Promise<number> {
    let released = 0;
    for (const clientId of [...this.parked]) {
      await this.serial(clientId, async () => {
        for (const entry of await this.options.states.parkedEntries(clientId)) {
          try {
            await this.process(clientId, entry.payload);
            await this.options.states.removeParked(clientId, entry.seq);
          } catch (error) {
            await this.options.states.recordAttempt(clientId, entry.seq, errorText(error));
            return;
          }
        }
        this.parked.delete(clientId);
        released += 1;
        this.options.logger.info({ clientId }, 'parked client released; its events flow again');
      });
    }
    return released;
  }

  parkedClients(): Promise<ParkedClient[]> {
    return this.options.states.parkedClients();
  }

  parkedCount(): number {
    return this.parked.size;
  }

  /** Inputs that failed every try and parked their client (each sent to the dead letter, where there is one) since start. */
  parkedInputCount(): number {
    return this.parkedInputs;
  }

  /** Waits for every client's inputs in flight (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.chains.values()]);
  }

  /**
   * An input that came in a trace is evaluated in a span of it, and the alerts it raises continue
   * that trace; one without (an old event, a raw parked message) is evaluated untraced.
   */
  private process(clientId: string, payload: ParkedPayload): Promise<'applied' | 'duplicate'> {
    const parent = payload.kind === 'event' ? traceContextOfInput(payload) : null;
    if (payload.kind !== 'event' || parent === null) return this.evaluate(clientId, payload, null);
    const attributes = { 'crm.client_id': clientId, 'crm.event_id': payload.event.eventId };
    return inSpan('risk evaluate', { kind: 'consumer', parent, attributes }, (span) =>
      this.evaluate(clientId, payload, span.context),
    );
  }

  private async evaluate(
    clientId: string,
    payload: ParkedPayload,
    trace: TraceContext | null,
  ): Promise<'applied' | 'duplicate'> {
    const input = payload.kind === 'event' ? payload : readRaw(clientId, payload.value, this.timeZone);
    if (input === null) return 'duplicate';
    const stored = await this.options.states.load(clientId);
    if (stored !== null && input.revision <= stored.revision) return 'duplicate';
    const before: ClientRiskState = stored?.state ?? initialRiskState(clientId);
    const { state, readings } = applyRiskEvent(before, input.event, this.options.rules);
    const { state: next } = await this.raiseAll(clientId, state, readings, this.now(), trace);
    await this.followGroup(clientId, before, next, input.event, trace);
    await this.options.follow?.(clientId, input.event);
    await this.options.states.save(clientId, { state: next, revision: input.revision }, needsClockSweep(next));
    return 'applied';
  }

  /**
   * EW-GROUP: when the client's exposure or its group changed, its row in the group is written and
   * the group judged again. Before the client's state is saved, so a crash in between replays the
   * event, which writes the same row again; the alert decider ignores a reading it has seen.
   */
  private async followGroup(
    clientId: string,
    before: ClientRiskState,
    after: ClientRiskState,
    event: RiskEvent,
    trace: TraceContext | null,
  ): Promise<void> {
    if (before.groupId === undefined && after.groupId === undefined) return;
    const rule = this.options.rules.rules['EW-GROUP'];
    const exposure = memberExposure(after, rule);
    if (before.groupId !== undefined && before.groupId !== after.groupId) {
      await this.options.states.saveGroupMember(before.groupId, clientId, null);
      await this.judgeGroup(before.groupId, event, trace);
    }
    if (
      after.groupId !== undefined &&
      (after.groupId !== before.groupId || exposure !== memberExposure(before, rule))
    ) {
      await this.options.states.saveGroupMember(after.groupId, clientId, exposure);
      await this.judgeGroup(after.groupId, event, trace);
    }
  }

  /**
   * The group's exposure against its stored band, one judgement per group at a time in this
   * process; the alert is the group's parent's (the group id is the parent's client id).
   */
  private judgeGroup(groupId: string, event: RiskEvent, trace: TraceContext | null): Promise<void> {
    return this.serial(`group:${groupId}`, async () => {
      const states = this.options.states;
      const standing = (await states.groupStanding(groupId)) ?? { band: null, episode: 1 };
      const members = await states.groupMembers(groupId);
      const { band, reading } = assessGroup(groupId, members, standing.band, this.options.rules, event);
      const episode =
        reading === null ? standing.episode : await this.raise(groupId, reading, standing.episode, this.now(), trace);
      await states.saveGroupStanding(groupId, { band, episode });
    });
  }

  private async raiseAll(
    clientId: string,
    state: ClientRiskState,
    readings: readonly RiskReading[],
    now: string,
    trace: TraceContext | null = null,
  ): Promise<{ state: ClientRiskState; written: number }> {
    let current = state;
    let written = 0;
    for (const reading of readings) {
      const episode = await this.raise(
        clientId,
        reading,
        current.alerts[reading.ruleId]?.episode ?? 1,
        now,
        trace,
        () => {
          written += 1;
        },
      );
      current = {
        ...current,
        alerts: { ...current.alerts, [reading.ruleId]: { ...current.alerts[reading.ruleId], episode } },
      };
    }
    return { state: current, written };
  }

  /** Raises the reading as the alert of `episode`, or of a later one when that was worked to a decision; returns the episode used. */
  private async raise(
    clientId: string,
    reading: RiskReading,
    from: number,
    now: string,
    trace: TraceContext | null,
    onWritten: () => void = () => undefined,
  ): Promise<number> {
    let episode = from;
    for (;;) {
      const outcome = await this.options.alerts.raise({
        alertId: alertIdFor(reading.ruleId, clientId, episode),
        clientId,
        episode,
        reading,
        now,
        trace,
      });
      this.options.onAlert?.(outcome, reading);
      if (outcome !== 'resolved') {
        if (outcome !== 'unchanged') onWritten();
        return episode;
      }
      // The last alert of this rule was worked to a decision: this reading starts a new episode.
      episode += 1;
    }
  }

  private serial<T>(clientId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(clientId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.chains.set(clientId, settled);
    void settled.then(() => {
      if (this.chains.get(clientId) === settled) this.chains.delete(clientId);
    });
    return next;
  }

  private now(): string {
    return (this.options.clock?.() ?? new Date()).toISOString();
  }
}

/** A parked message that failed its contract; retried as is (the contract may have been upgraded). */
export class UnreadableInput extends Error {}

/** null for a readable message the rules do not look at (e.g. a manager event). */
const readRaw = (clientId: string, value: string, timeZone: string): RiskInput | null => {
  const input = riskInputOfRaw(Buffer.from(value, 'base64'), timeZone);
  if (!input.ok) throw new UnreadableInput(input.error);
  if (!input.relevant) return null;
  if (input.clientId !== clientId) throw new UnreadableInput('message key does not match its subject');
  return input;
};

const errorText = (error: unknown): string => (error instanceof Error ? error.message : 'unknown error');
