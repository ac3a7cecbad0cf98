import type { ClientEventType } from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';
import { agendaChangeOf } from '../agenda/agenda-item';
import { complaintChangeOf } from '../complaints/complaint-row';
import { feedbackChangeOf } from '../feedback/feedback-row';
import { satisfactionResponseOf, type SatisfactionResponseRow } from '../satisfaction/satisfaction-response';
import type { ClientRows } from '../client-view/client-rows';
import { opportunityChangeOf } from '../pipeline/opportunity-row';
import {
  alertIdOfStream,
  clientIdNamedBy,
  evolveAlertView,
  isAlertStream,
  withAlert,
} from '../alerts/alert.projection';
import type { AlertClientContext, AlertView } from '../alerts/alert-view';
import { branchMemberChanges, branchMemberOfView, type BranchMemberChange } from '../client-list/branch-member';
import type { ClientView } from '../client-view/client-view';
import { evolveClientView } from '../client-view/client-view.projection';
import {
  clientIdOfStream,
  isClientStream,
  isManagerStream,
  managerIdOfStream,
} from '../client-view/recorded-client-event';
import type { ManagerRow } from '../managers/manager-row';
import { evolveManagerRow } from '../managers/manager.projection';
import type { ProjectionChanges, ProjectionDocuments } from '../store/read-model-store.port';
import {
  caseIdOfStream,
  evolveRiskCaseRow,
  isRiskCaseStream,
  type RiskCaseContext,
  type RiskCaseRow,
} from '../risk-cases/risk-case-row';
import {
  departmentRatingOf,
  isDepartmentStream,
  serviceTimeChangeOf,
  type DepartmentRatingRow,
  type ServiceTimeChange,
} from '../service-levels/service-time';
import { searchedValuesDiffer } from '../search/searched-values';
import type { ClientTimelineEntry } from '../timeline/client-timeline-entry';
import { toClientTimelineEntry } from '../timeline/client-timeline.projection';
import type { LruCache } from './lru-cache';

/** The client event after which a view holds no personal data (see evolveClientView). */
const PERSONAL_DATA_ERASED: ClientEventType = 'PersonalDataErased';

/** The documents the projector has committed, kept across batches. */
export type CommittedDocuments = Readonly<{
  views: LruCache<ClientView>;
  managers: LruCache<ManagerRow>;
  alerts: LruCache<AlertView>;
  riskCases: LruCache<RiskCaseRow>;
}>;

type Revisioned = Readonly<{ revision: number }>;

/** One stream's document within a batch, and the highest revision folded into it so far. */
class StreamFold<K extends string, T extends Revisioned> {
  revision: number;
  isChanged = false;

  constructor(
    readonly kind: K,
    readonly id: string,
    public state: T | null,
    readonly needsLoad: boolean,
  ) {
    this.revision = state?.revision ?? -1;
  }

  changed(next: T): void {
    this.state = next;
    this.isChanged = true;
  }

  loaded(state: T): void {
    this.state = state;
    this.revision = state.revision;
  }
}

class ClientFold extends StreamFold<'client', ClientView> {
  /** The view's branch and manager before the batch: a client reassigned in it moves its alerts too. */
  contextBefore = '';
  /** The view as committed before the batch: what it added to its branch's figures until now. */
  committedState: ClientView | null = null;

  constructor(id: string, state: ClientView | null, needsLoad: boolean) {
    super('client', id, state, needsLoad);
  }
}

type ManagerFold = StreamFold<'manager', ManagerRow>;
type AlertFold = StreamFold<'alert', AlertView>;
type RiskCaseFold = StreamFold<'risk-case', RiskCaseRow>;

const newClientFold = (id: string, state: ClientView | null, needsLoad: boolean): ClientFold =>
  new ClientFold(id, state, needsLoad);
const newManagerFold = (id: string, state: ManagerRow | null, needsLoad: boolean): ManagerFold =>
  new StreamFold('manager', id, state, needsLoad);
const newAlertFold = (id: string, state: AlertView | null, needsLoad: boolean): AlertFold =>
  new StreamFold('alert', id, state, needsLoad);
const newRiskCaseFold = (id: string, state: RiskCaseRow | null, needsLoad: boolean): RiskCaseFold =>
  new StreamFold('risk-case', id, state, needsLoad);

type AnyFold = ClientFold | ManagerFold | AlertFold | RiskCaseFold;

/**
 * One batch of the client-view projection, in four steps: `locate` finds each event's document,
 * `load` reads the ones not cached, `apply` folds the events in memory, and `changes` is what the
 * projector commits with the checkpoint (then `cacheCommitted`). Every touched document is loaded
 * once and written once.
 */
export class ClientReadModelsBatch {
  private readonly views = new Map<string, ClientFold>();
  private readonly managers = new Map<string, ManagerFold>();
  private readonly alerts = new Map<string, AlertFold>();
  private readonly riskCases = new Map<string, RiskCaseFold>();
  /**
   * Each event's document, found once: a replay batch holds tens of thousands of events, and keying
   * maps by freshly sliced ids on every pass was a visible share of the batch's time.
   */
  private readonly folds: (AnyFold | null)[];
  private readonly timeline: ClientTimelineEntry[] = [];
  private readonly satisfactionResponses: SatisfactionResponseRow[] = [];
  private readonly serviceTimes: ServiceTimeChange[] = [];
  private readonly departmentRatings: DepartmentRatingRow[] = [];
  /** Erasures applied in the batch; the projector then purges the space their old views freed. */
  erasures = 0;

  constructor(
    private readonly events: readonly RecordedEvent[],
    private readonly committed: CommittedDocuments,
  ) {
    this.folds = new Array<AnyFold | null>(events.length).fill(null);
  }

  locate(): void {
    const { events, folds } = this;
    for (let index = 0; index < events.length; index++) {
      const event = events[index];
      const { streamId } = event;
      if (isClientStream(streamId)) folds[index] = this.clientFold(clientIdOfStream(streamId));
      else if (isManagerStream(streamId)) {
        folds[index] = foldOf(this.managers, managerIdOfStream(streamId), this.committed.managers, newManagerFold);
      } else if (isAlertStream(streamId)) {
        folds[index] = foldOf(this.alerts, alertIdOfStream(streamId), this.committed.alerts, newAlertFold);
        // The view of the client an alert event is about: its open alerts, and the alert's context.
        const clientId = clientIdNamedBy(event);
        if (clientId !== null) this.clientFold(clientId);
      } else if (isRiskCaseStream(streamId)) {
        folds[index] = foldOf(this.riskCases, caseIdOfStream(streamId), this.committed.riskCases, newRiskCaseFold);
        // The case takes its client's branch and manager from the view.
        const clientId = clientIdNamedBy(event);
        if (clientId !== null) this.clientFold(clientId);
      }
      // Other streams belong to other projections.
    }
  }

  async load(store: ProjectionDocuments): Promise<void> {
    const views = idsToLoad(this.views);
    if (views.length > 0) setLoaded(this.views, await store.clientViews.loadViews(views));
    const managers = idsToLoad(this.managers);
    if (managers.length > 0) setLoaded(this.managers, await store.managers.loadManagers(managers));
    const alerts = idsToLoad(this.alerts);
    if (alerts.length > 0) setLoaded(this.alerts, await store.alerts.loadAlerts(alerts));
    const cases = idsToLoad(this.riskCases);
    if (cases.length > 0) setLoaded(this.riskCases, await store.riskCases.loadCases(cases));
    for (const fold of this.views.values()) {
      fold.contextBefore = contextKey(fold.state);
      fold.committedState = fold.state;
    }
  }

  /** Folds the events after `from`. */
  apply(from: bigint): void {
    const { events, folds } = this;
    for (let index = 0; index < events.length; index++) {
      const event = events[index];
      const fold = folds[index];
      if (event.position <= from) continue;
      // Ratings have no document to fold: a redelivered one meets its row's primary key.
      if (fold === null) {
        if (isDepartmentStream(event.streamId)) this.applyDepartmentEvent(event);
        continue;
      }
      // A redelivered event is skipped, never re-applied. Streams without a document yet (events
      // before registration) rely on the timeline's primary key.
      if (event.revision <= fold.revision) continue;
      fold.revision = event.revision;
      if (fold.kind === 'client') this.applyClientEvent(fold, event);
      else if (fold.kind === 'manager') this.applyManagerEvent(fold, event);
      else if (fold.kind === 'alert') this.applyAlertEvent(fold, event);
      else this.applyRiskCaseEvent(fold, event);
    }
  }

  changes(): ProjectionChanges {
    return {
      clientViews: changedStates(this.views),
      timeline: this.timeline,
      managers: changedStates(this.managers),
      alerts: changedStates(this.alerts),
      reassignedClients: this.reassignedClients(),
      branchMembers: this.branchMembers(),
      riskCases: changedStates(this.riskCases),
      agenda: this.derivedRows(agendaChangeOf),
      opportunities: this.derivedRows(opportunityChangeOf),
      complaints: this.derivedRows(complaintChangeOf),
      feedback: this.derivedRows(feedbackChangeOf),
      satisfactionResponses: this.satisfactionResponses,
      serviceTimes: this.serviceTimes,
      departmentRatings: this.departmentRatings,
      // Filled by the projector, which opens the names (ClientReadModelsProjector.searchValuesOf).
      searchValues: [],
    };
  }

  /**
   * Only after a successful commit, so the caches never hold state the database does not. A batch
   * that touched more documents of a kind than their cache holds would leave in it only its own
   * last ones, picked by the log's order (a catch-up's are as good as random), and keep them live
   * through the next batch, whose peak they raise: that cache is emptied instead.
   */
  cacheCommitted(): void {
    cache(this.views, this.committed.views);
    cache(this.managers, this.committed.managers);
    cache(this.alerts, this.committed.alerts);
    cache(this.riskCases, this.committed.riskCases);
  }

  private clientFold(clientId: string): ClientFold {
    return foldOf(this.views, clientId, this.committed.views, newClientFold);
  }

  private applyClientEvent(fold: ClientFold, event: RecordedEvent): void {
    if (event.type === PERSONAL_DATA_ERASED) this.erasures += 1;
    const next = evolveClientView(fold.state, event);
    if (next !== null) fold.changed(next);
    this.timeline.push(toClientTimelineEntry(event));
    const response = satisfactionResponseOf(event, fold.id, fold.state);
    if (response !== null) this.satisfactionResponses.push(response);
    this.serviceTimeChange(event, fold.id);
  }

  private applyDepartmentEvent(event: RecordedEvent): void {
    const rating = departmentRatingOf(event);
    if (rating !== null) this.departmentRatings.push(rating);
  }

  private serviceTimeChange(event: RecordedEvent, clientId: string | null): void {
    const change = serviceTimeChangeOf(event, clientId);
    if (change !== null) this.serviceTimes.push(change);
  }

  private applyManagerEvent(fold: ManagerFold, event: RecordedEvent): void {
    const next = evolveManagerRow(fold.state, event);
    if (next !== null) fold.changed(next);
  }

  private applyAlertEvent(fold: AlertFold, event: RecordedEvent): void {
    const clientId = clientIdNamedBy(event);
    const viewFold = clientId === null ? null : (this.views.get(clientId) ?? null);
    const view = viewFold?.state ?? null;
    const next = evolveAlertView(fold.state, event, view === null ? contextOfAlert(fold.state) : contextOfView(view));
    if (next === null) return;
    fold.changed(next);
    // Only for an event applied just now: a redelivered one never reaches here, so the view's
    // open alerts only ever follow the alert rows' own revisions.
    if (viewFold !== null && view !== null) {
      const updated = withAlert(view, next);
      if (updated !== view) viewFold.changed(updated);
    }
  }

  private applyRiskCaseEvent(fold: RiskCaseFold, event: RecordedEvent): void {
    const clientId = clientIdNamedBy(event);
    const view = clientId === null ? null : (this.views.get(clientId)?.state ?? null);
    const context: RiskCaseContext =
      view === null
        ? { branchId: fold.state?.branchId ?? null, managerId: fold.state?.managerId ?? null }
        : contextOfView(view);
    const next = evolveRiskCaseRow(fold.state, event, context);
    if (next !== null) fold.changed(next);
    this.serviceTimeChange(event, null);
  }

  /** Members are compared, not views: most changes (a contact, a rating) leave the figures alone. */
  private branchMembers(): BranchMemberChange[] {
    const pairs: BranchMemberChange[] = [];
    for (const fold of this.views.values()) {
      if (!fold.isChanged || fold.state === null) continue;
      const before = fold.committedState === null ? null : branchMemberOfView(fold.committedState);
      pairs.push({ before, after: branchMemberOfView(fold.state) });
    }
    return branchMemberChanges(pairs);
  }

  /** Rows derived from the views, compared per client like the branch members: most events leave them alone. */
  private derivedRows<T>(
    changeOf: (before: ClientView | null, after: ClientView) => ClientRows<T> | null,
  ): ClientRows<T>[] {
    const changes: ClientRows<T>[] = [];
    for (const fold of this.views.values()) {
      if (!fold.isChanged || fold.state === null) continue;
      const change = changeOf(fold.committedState, fold.state);
      if (change !== null) changes.push(change);
    }
    return changes;
  }

  /** Changed views whose searched values differ from their committed state: only these need new terms. */
  searchChangedViews(): ClientView[] {
    const views: ClientView[] = [];
    for (const fold of this.views.values()) {
      if (fold.isChanged && fold.state !== null && searchedValuesDiffer(fold.committedState, fold.state))
        views.push(fold.state);
    }
    return views;
  }

  private reassignedClients(): string[] {
    const reassigned: string[] = [];
    for (const fold of this.views.values()) {
      if (fold.isChanged && fold.state !== null && contextKey(fold.state) !== fold.contextBefore) {
        reassigned.push(fold.id);
      }
    }
    return reassigned;
  }
}

const contextOfView = (view: ClientView): AlertClientContext => ({
  branchId: view.branchId,
  managerId: view.manager?.id ?? null,
});

/** An alert whose client has no view keeps the context it had. */
const contextOfAlert = (row: AlertView | null): AlertClientContext => ({
  branchId: row?.branchId ?? null,
  managerId: row?.managerId ?? null,
});

const contextKey = (view: ClientView | null): string =>
  view === null ? '' : JSON.stringify([view.branchId, view.manager?.id ?? null]);

const foldOf = <T extends Revisioned, F extends StreamFold<string, T>>(
  folds: Map<string, F>,
  id: string,
  committed: LruCache<T>,
  create: (id: string, state: T | null, needsLoad: boolean) => F,
): F => {
  let fold = folds.get(id);
  if (fold === undefined) {
    const cached = committed.get(id);
    fold = create(id, cached ?? null, cached === undefined);
    folds.set(id, fold);
  }
  return fold;
};

const idsToLoad = <F extends StreamFold<string, Revisioned>>(folds: Map<string, F>): string[] => {
  const ids: string[] = [];
  for (const fold of folds.values()) if (fold.needsLoad) ids.push(fold.id);
  return ids;
};

const setLoaded = <T extends Revisioned, F extends StreamFold<string, T>>(
  folds: Map<string, F>,
  loaded: Map<string, T>,
): void => {
  for (const [id, state] of loaded) folds.get(id)?.loaded(state);
};

const changedStates = <T extends Revisioned>(folds: Map<string, StreamFold<string, T>>): T[] => {
  const changed: T[] = [];
  for (const fold of folds.values()) if (fold.isChanged && fold.state !== null) changed.push(fold.state);
  return changed;
};

const cache = <T extends Revisioned>(folds: Map<string, StreamFold<string, T>>, committed: LruCache<T>): void => {
  if (folds.size > committed.capacity) {
    committed.clear();
    return;
  }
  for (const fold of folds.values()) if (fold.state !== null) committed.set(fold.id, fold.state);
};
