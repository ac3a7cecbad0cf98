import { alertStreamId, clientStreamId, currentManagerId, type ClientState, type Severity } from '@crm/domain';
import { loadStream, StreamStateCache, type EventStore } from '@crm/event-store';
import { clientLocationDecider } from '@crm/api-kit';
import { isInScope, type ClientLocation, type ClientScope } from '@crm/policy';
import type { AlertEventMessage, AlertMessage } from './alert-feed.message';

/** Who a connection is for and what it asked for; null sets mean "any". */
export type AlertFeedFilter = Readonly<{
  scope: ClientScope;
  /**
   * Whether the caller reads clients' personal data (not masked): only then do departments' answers
   * to feedback (free text about the client) come on the connection.
   */
  answers: boolean;
  severities: ReadonlySet<Severity> | null;
  ruleId: string | null;
  branchId: string | null;
}>;

/** Whether a connection gets every alert event, so the feed need not look anything up for it. */
export const filtersNothing = (filter: AlertFeedFilter): boolean =>
  filter.scope.kind === 'all' && filter.severities === null && filter.ruleId === null && filter.branchId === null;

/**
 * Whether the connection may get messages of this kind at all, judged without a lookup: answers to
 * feedback go to callers who read personal data and narrowed their feed by nothing but a branch
 * (an answer has no rule or severity to match).
 */
export const takesKind = (filter: AlertFeedFilter | null, message: AlertMessage): boolean =>
  message.kind === 'alert' ||
  filter === null ||
  (filter.answers && filter.severities === null && filter.ruleId === null);

/** What a filter judges an alert event by. */
export type AlertFacts = Readonly<{
  ruleId: string | null;
  severity: Severity | null;
  /** The client's place now: a client handed to another manager is theirs, old alerts included. */
  location: ClientLocation | null;
}>;

export const admits = (filter: AlertFeedFilter, facts: AlertFacts): boolean => {
  if (facts.location === null || !isInScope(filter.scope, facts.location)) return false;
  if (filter.branchId !== null && facts.location.branchId !== filter.branchId) return false;
  if (filter.ruleId !== null && facts.ruleId !== filter.ruleId) return false;
  return filter.severities === null || (facts.severity !== null && filter.severities.has(facts.severity));
};

/** Client streams whose folded location the feed keeps. */
const CACHED_CLIENTS = 2_000;

/**
 * Looks up, once per alert event however many connections filter it, the alert's rule and its
 * severity as of that event (from the alert's own stream: acknowledgements and resolutions do not
 * repeat them) and where its client sits now (from the client's stream, the decider's own truth,
 * so a filter never waits for a read model to catch up).
 */
export class AlertFeedAudience {
  private readonly clients = new StreamStateCache<ClientState>(CACHED_CLIENTS);
  private readonly pending = new WeakMap<AlertMessage, Promise<AlertFacts>>();

  constructor(private readonly store: EventStore) {}

  /** Whether `filter` lets `message` through; rejects when the store cannot be read. */
  async admits(filter: AlertFeedFilter, message: AlertMessage): Promise<boolean> {
    let facts = this.pending.get(message);
    if (facts === undefined) {
      facts = this.factsOf(message);
      this.pending.set(message, facts);
    }
    return admits(filter, await facts);
  }

  private async factsOf(message: AlertMessage): Promise<AlertFacts> {
    if (message.kind === 'feedback') {
      return { ruleId: null, severity: null, location: await this.locationOf(message.clientId) };
    }
    const [alert, location] = await Promise.all([this.alertAsOf(message), this.locationOf(message.clientId)]);
    return { ...alert, location };
  }

  private async alertAsOf(message: AlertEventMessage): Promise<Pick<AlertFacts, 'ruleId' | 'severity'>> {
    if (message.ruleId !== null && message.severity !== null) return message;
    let ruleId: string | null = null;
    let severity: Severity | null = null;
    for (const event of await this.store.readStream(alertStreamId(message.alertId))) {
      if (event.position > message.position) break;
      const data = event.data as { ruleId?: unknown; severity?: unknown };
      if (typeof data.ruleId === 'string') ruleId = data.ruleId;
      if (typeof data.severity === 'string') severity = data.severity as Severity;
    }
    return { ruleId: message.ruleId ?? ruleId, severity: message.severity ?? severity };
  }

  private async locationOf(clientId: string): Promise<ClientLocation | null> {
    const { state } = await loadStream(this.store, clientStreamId(clientId), clientLocationDecider, {
      cache: this.clients,
    });
    if (state.status === 'none') return null;
    return { branchId: state.branchId, managerId: currentManagerId(state) };
  }
}
