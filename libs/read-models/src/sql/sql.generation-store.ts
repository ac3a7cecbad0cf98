import type {
  ProjectionChanges,
  ProjectionDocuments,
  ProjectionParts,
  ReadModelStore,
} from '../store/read-model-store.port';
import type { GenerationTables } from './projection-generation';
import type { SqlSession } from './sql-executor';
import type { SqlCheckpoints } from './sql.checkpoints';
import { SqlAlertRepository } from './sql.alert.repository';
import { SqlBranchFiguresRepository } from './sql.branch-figures.repository';
import { SqlClientListRepository } from './sql.client-list.repository';
import { SqlClientViewRepository } from './sql.client-view.repository';
import { SqlComplaintRepository } from './sql.complaint.repository';
import { SqlFeedbackRepository } from './sql.feedback.repository';
import { SqlManagerRepository } from './sql.manager.repository';
import { SqlAgendaRepository } from './sql.agenda.repository';
import { SqlOpportunityRepository } from './sql.opportunity.repository';
import { SqlRiskCaseRepository } from './sql.risk-case.repository';
import { SqlSatisfactionRepository } from './sql.satisfaction.repository';
import { SqlServiceLevelRepository } from './sql.service-level.repository';
import { SqlSearchIndex } from './sql.search-index';
import type { SearchKeySource } from '../search/search-keys';

/** Runs work in a transaction: the executor's, or (inside a switch) the one already open. */
export type SqlTransactionRunner = <T>(work: (tx: SqlSession) => Promise<T>) => Promise<T>;

/**
 * The repositories of one generation's tables, and the projector's side of the store on them: a
 * rebuild projects into a generation that is not live yet, under its own checkpoint row.
 */
export class SqlGenerationStore implements ReadModelStore {
  readonly clientViews: SqlClientViewRepository;
  readonly managers: SqlManagerRepository;
  readonly clientLists: SqlClientListRepository;
  readonly alerts: SqlAlertRepository;
  readonly branchFigures: SqlBranchFiguresRepository;
  readonly riskCases: SqlRiskCaseRepository;
  readonly agenda: SqlAgendaRepository;
  readonly opportunities: SqlOpportunityRepository;
  readonly complaints: SqlComplaintRepository;
  readonly feedback: SqlFeedbackRepository;
  readonly satisfaction: SqlSatisfactionRepository;
  readonly serviceLevels: SqlServiceLevelRepository;
  readonly searchIndex: SqlSearchIndex;

  constructor(
    private readonly db: SqlSession,
    private readonly transaction: SqlTransactionRunner,
    readonly tables: GenerationTables,
    private readonly checkpoints: SqlCheckpoints,
    searchKeys: SearchKeySource,
  ) {
    this.searchIndex = new SqlSearchIndex(db, tables, searchKeys);
    this.clientViews = new SqlClientViewRepository(db, tables);
    this.managers = new SqlManagerRepository(db, tables);
    this.clientLists = new SqlClientListRepository(db, tables, this.searchIndex);
    this.alerts = new SqlAlertRepository(db, tables);
    this.branchFigures = new SqlBranchFiguresRepository(db, tables);
    this.riskCases = new SqlRiskCaseRepository(db, tables);
    this.agenda = new SqlAgendaRepository(db, tables);
    this.opportunities = new SqlOpportunityRepository(db, tables);
    this.complaints = new SqlComplaintRepository(db, tables);
    this.feedback = new SqlFeedbackRepository(db, tables);
    this.satisfaction = new SqlSatisfactionRepository(db, tables);
    this.serviceLevels = new SqlServiceLevelRepository(db, tables);
  }

  get generation(): number {
    return this.tables.generation;
  }

  checkpoint(name: string): Promise<bigint> {
    return this.checkpoints.read(this.db, name);
  }

  commit(name: string, from: bigint, to: bigint, changes: ProjectionChanges): Promise<void> {
    return this.moveAndWrite(name, from, to, (tx) => this.write(tx, changes));
  }

  commitInParts(name: string, from: bigint, to: bigint, parts: ProjectionParts): Promise<void> {
    return this.moveAndWrite(name, from, to, (tx) => this.writeParts(tx, parts));
  }

  /** As `write`, part by part; the parts read their documents on `tx`. */
  async writeParts(tx: SqlSession, parts: ProjectionParts): Promise<void> {
    const documents: ProjectionDocuments = {
      clientViews: new SqlClientViewRepository(tx, this.tables),
      managers: new SqlManagerRepository(tx, this.tables),
      alerts: new SqlAlertRepository(tx, this.tables),
      riskCases: new SqlRiskCaseRepository(tx, this.tables),
    };
    for await (const changes of parts(documents)) await this.write(tx, changes);
  }

  /** Called inside a transaction whose checkpoint move has succeeded. */
  async write(tx: SqlSession, changes: ProjectionChanges): Promise<void> {
    await this.clientViews.saveViews(tx, changes.clientViews);
    await this.clientViews.insertTimeline(tx, changes.timeline);
    await this.managers.saveManagers(tx, changes.managers);
    await this.alerts.saveAlerts(tx, changes.alerts);
    await this.alerts.refreshClientContexts(tx, changes.reassignedClients);
    await this.branchFigures.saveChanges(tx, changes.branchMembers);
    await this.riskCases.saveCases(tx, changes.riskCases);
    await this.riskCases.refreshClientContexts(tx, changes.reassignedClients);
    await this.agenda.saveAgenda(tx, changes.agenda);
    await this.opportunities.saveOpportunities(tx, changes.opportunities);
    await this.complaints.saveComplaints(tx, changes.complaints);
    await this.feedback.saveFeedback(tx, changes.feedback);
    await this.satisfaction.saveResponses(tx, changes.satisfactionResponses);
    await this.serviceLevels.saveServiceTimes(tx, changes.serviceTimes);
    await this.serviceLevels.saveRatings(tx, changes.departmentRatings);
    await this.searchIndex.save(tx, changes.searchValues);
  }

  reset(name: string): Promise<void> {
    return this.transaction(async (tx) => {
      await this.clientViews.clear(tx);
      await this.managers.clear(tx);
      await this.alerts.clear(tx);
      await this.branchFigures.clear(tx);
      await this.riskCases.clear(tx);
      await this.agenda.clear(tx);
      await this.opportunities.clear(tx);
      await this.complaints.clear(tx);
      await this.feedback.clear(tx);
      await this.satisfaction.clear(tx);
      await this.serviceLevels.clear(tx);
      await this.searchIndex.clearAll(tx);
      await this.checkpoints.delete(tx, name);
    });
  }

  private moveAndWrite(
    name: string,
    from: bigint,
    to: bigint,
    write: (tx: SqlSession) => Promise<void>,
  ): Promise<void> {
    return this.transaction(async (tx) => {
      await this.checkpoints.move(tx, name, from, to);
      await write(tx);
    });
  }

  /** The connection belongs to the store that made this one. */
  async close(): Promise<void> {}
}
