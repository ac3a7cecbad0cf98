import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CodeParam, CurrentScope } from '@crm/api-kit';
import {
  bankDateOf,
  branchSatisfactionStreamId,
  quarterOfDate,
  targetOf,
  type SatisfactionTarget,
  type SatisfactionTargetMissed,
  type SatisfactionTargets,
} from '@crm/domain';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { APP_CONFIG, type AppConfig } from '@crm/platform';
import { assertBranchInScope, assertManagerInScope, NOT_FOUND, type ClientScope } from '@crm/policy';
import {
  InvalidQueryError,
  READ_MODEL_STORE,
  SatisfactionQueries,
  type QuarterFigures,
  type ReadModelStore,
  type SatisfactionReport,
  type SatisfactionSubject,
} from '@crm/read-models';
import { ApiReadResponse } from '../openapi/api-read-response';
import { ReadYourWrites } from '../queries/read-your-writes';
import { BranchSatisfactionQueryDto } from './branch-satisfaction.query.dto';
import { SATISFACTION_TARGETS } from './satisfaction-targets.provider';
import { SatisfactionQueryDto } from './satisfaction.query.dto';

type MissedTarget = Omit<SatisfactionTargetMissed['data'], 'branchId' | 'quarter'>;

/** A branch's quarter against its target, and the alert recorded if it ended below it. */
export type BranchQuarter = QuarterFigures & Readonly<{ ended: boolean; missed: MissedTarget | null }>;

export type BranchSatisfaction = Readonly<{
  branchId: string;
  year: number;
  timeZone: string;
  target: SatisfactionTarget;
  quarters: readonly BranchQuarter[];
}>;

const ROLES_OF_REPORT =
  'Roles: relationship_manager (their own figures only: another managerId or a branchId is a 404), branch_head (their branch, the default, or one of its managers; another is a 404), risk_officer, service, admin (any branch or manager; neither: the whole bank).';

/** NPS and CSAT over time (docs/decisions.md §63): figures only, no client rows, so nothing in the read audit. */
@ApiTags('satisfaction')
@ApiBearerAuth()
@Controller()
export class SatisfactionQueriesController {
  private readonly timeZone: string;

  constructor(
    private readonly satisfaction: SatisfactionQueries,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SATISFACTION_TARGETS) private readonly targets: SatisfactionTargets,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.timeZone = config.bankTimeZone;
  }

  @ApiOperation({
    summary: 'NPS and CSAT by month, manager or tier',
    description: `The satisfaction answers of a branch (\`branchId\`: its clients' answers, by the branch the client had when answering), of a manager (\`managerId\`: the answers attributed to them), or of the whole bank (neither), answered from \`from\` to \`to\` (dates on the bank's calendar, BANK_TIME_ZONE, both inclusive; at most 1096 days), grouped by \`groupBy\`: \`month\` (every month the window touches, YYYY-MM, the first and last cut to the window; the default), \`manager\` or \`tier\` (the client's tier when it answered; only groups with answers). Each item: \`nps\` = 100 × (promoters 9–10 − detractors 0–6) / NPS answers and \`csat\` = percent of CSAT answers scoring 4–5, both rounded to a whole number with halves away from zero and null without answers of their kind; \`responses\` = the answers counted in them; \`selfReported\` = answers recorded by the manager they measure, counted apart and in no figure. With \`branchId\` each item carries the branch's quarterly \`target\`. Both branchId and managerId, dates out of order, an unknown groupBy: 400 with field errors. \`minPosition\` reads your writes. ${ROLES_OF_REPORT}`,
  })
  @ApiReadResponse('SatisfactionReport', 'The figures of each group')
  @Access('satisfaction.read')
  @Get('satisfaction')
  async report(@Query() query: SatisfactionQueryDto, @CurrentScope() scope: ClientScope): Promise<SatisfactionReport> {
    if (query.branchId !== undefined && query.managerId !== undefined) {
      throw new InvalidQueryError('managerId', 'give branchId or managerId, not both');
    }
    const subject = await this.subjectFor(scope, query);
    await this.readYourWrites.reach(query.minPosition);
    return this.satisfaction.report(
      { ...subject, from: query.from, to: query.to, groupBy: query.groupBy ?? 'month' },
      this.timeZone,
      subject.branchId === undefined ? undefined : targetOf(this.targets, subject.branchId),
    );
  }

  @ApiOperation({
    summary: "A branch's satisfaction by quarter, against its target",
    description:
      "The four quarters of `year` (the bank's calendar, BANK_TIME_ZONE; default the current year) for the branch's clients' answers: NPS, CSAT, responses and self-reported answers as `GET /v1/satisfaction` counts them, whether the quarter has `ended`, `belowTarget` (NPS or CSAT below the branch's target from SATISFACTION_TARGETS_FILE; a figure without answers is not judged; so far for a quarter not ended), and `missed`: the alert the risk monitor's sweep recorded once the quarter ended below target (SatisfactionTargetMissed, with the figures it was judged on), else null. A branch head sees their own branch only (another is a 404). No client rows, so not recorded in the read audit. `minPosition` reads your writes. Roles: branch_head, risk_officer, service, admin.",
  })
  @ApiReadResponse('BranchSatisfaction', 'The branch’s quarters against its target')
  @Access('branch.dashboard')
  @Get('branches/:id/satisfaction')
  async branchQuarters(
    @Param('id', new CodeParam('id')) branchId: string,
    @Query() query: BranchSatisfactionQueryDto,
  ): Promise<BranchSatisfaction> {
    await this.readYourWrites.reach(query.minPosition);
    const today = bankDateOf(Date.now(), this.timeZone);
    const year = query.year ?? today.slice(0, 4);
    const target = targetOf(this.targets, branchId);
    const [figures, missed] = await Promise.all([
      this.satisfaction.branchQuarters(
        branchId,
        [1, 2, 3, 4].map((n) => `${year}-Q${n}`),
        this.timeZone,
        target,
      ),
      this.missedQuarters(branchId),
    ]);
    const current = quarterOfDate(today);
    return {
      branchId,
      year: Number(year),
      timeZone: this.timeZone,
      target,
      quarters: figures.map((quarter) => ({
        ...quarter,
        ended: quarter.quarter < current,
        missed: missed.get(quarter.quarter) ?? null,
      })),
    };
  }

  /**
   * Whose answers the caller may count: a relationship manager their own (the default), a branch
   * head their branch (the default) or a manager of it, the others what they ask (the whole bank
   * by default). Anything else is the 404 an unknown branch or manager gets.
   */
  private async subjectFor(scope: ClientScope, query: SatisfactionQueryDto): Promise<SatisfactionSubject> {
    switch (scope.kind) {
      case 'manager':
        if (query.branchId !== undefined) throw NOT_FOUND.branch();
        assertManagerInScope(scope, query.managerId ?? scope.managerId, null);
        return { managerId: scope.managerId };
      case 'branch':
        if (query.managerId !== undefined) {
          const manager = await this.readModels.managers.getManager(query.managerId);
          assertManagerInScope(scope, query.managerId, manager?.branchId ?? null);
          return { managerId: query.managerId };
        }
        assertBranchInScope(scope, query.branchId ?? scope.branchId);
        return { branchId: scope.branchId };
      case 'all':
        return {
          ...(query.branchId === undefined ? {} : { branchId: query.branchId }),
          ...(query.managerId === undefined ? {} : { managerId: query.managerId }),
        };
    }
  }

  /** The quarters the branch's stream records as missed (a handful a year), with what they were judged on. */
  private async missedQuarters(branchId: string): Promise<Map<string, MissedTarget>> {
    const missed = new Map<string, MissedTarget>();
    for (const event of await this.store.readStream(branchSatisfactionStreamId(branchId))) {
      if (event.type !== 'SatisfactionTargetMissed') continue;
      const { branchId: _branch, quarter, ...judged } = event.data as SatisfactionTargetMissed['data'];
      missed.set(quarter, judged);
    }
    return missed;
  }
}
