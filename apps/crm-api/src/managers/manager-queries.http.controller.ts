import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, CodeParam, CurrentScope } from '@crm/api-kit';
import { ApiError } from '@crm/platform';
import {
  AgendaQueries,
  agendaAsICalendar,
  ClientListQueries,
  PipelineQueries,
  type Agenda,
  type Pipeline,
  type Portfolio,
} from '@crm/read-models';
import type { ClientScope } from '@crm/policy';
import { AgendaQueryDto } from './agenda.query.dto';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';
import { ReadYourWrites } from '../queries/read-your-writes';
import { ApiReadResponse } from '../openapi/api-read-response';

@ApiTags('managers')
@ApiBearerAuth()
@Controller('managers')
export class ManagerQueriesController {
  constructor(
    private readonly lists: ClientListQueries,
    private readonly agendas: AgendaQueries,
    private readonly pipelines: PipelineQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /**
   * The manager's day: their clients with last contact, follow-ups due now, open alerts and risk.
   * A relationship manager's own only, a branch head's managers of their branch (their clients of
   * that branch); any other id is a 404.
   */
  @ApiOperation({
    summary: "A manager's portfolio: their clients with tier, coverage, follow-ups due and risk",
    description:
      "The manager's clients (prospects they cover included) with tier, last contact, follow-ups due now, open alerts and risk level, and totals. A relationship manager sees only their own portfolio, a branch head those of their branch (only that branch's clients); any other id is a 404. Clients the manager is only a backup or specialist for are not in it. Recorded in the read audit; `minPosition` reads your writes. Roles: relationship_manager, branch_head, risk_officer, service, admin.",
  })
  @ApiReadResponse('Portfolio', 'The manager’s clients and totals at the time of the request')
  @Access('manager.portfolio')
  @Get(':id/portfolio')
  async portfolio(
    @Param('id', new CodeParam('id')) managerId: string,
    @Query() query: MinPositionQueryDto,
    @CurrentScope() scope: ClientScope,
  ): Promise<Portfolio> {
    await this.readYourWrites.reach(query.minPosition);
    return this.lists.portfolio(managerId, new Date(), scope);
  }

  @ApiOperation({
    summary: "A manager's agenda: visits, tasks and follow-ups due, what is overdue, core clients out of coverage",
    description:
      "The manager's open entries due in the window (`from` inclusive, `to` exclusive; default the next 7 days, at most 92), each with `kind` (visit, task, follow_up), `id`, `clientId`, `legalName`, `due`, `overdue`, a visit's `purpose` and a task's `title`; the open entries due before the window (`overdue`); and the manager's core clients not contacted within `coverageDays` (35, as on the branch dashboard). Visits and tasks are on the agenda of the manager they name, follow-ups on the client's manager's. With `Accept: text/calendar` the same agenda comes as an iCalendar document (visits as events, tasks and follow-ups as to-dos). Task titles are hidden for risk officers. A relationship manager sees only their own agenda, a branch head those of their branch (entries on that branch's clients); any other id is a 404. Recorded in the read audit; `minPosition` reads your writes. Roles: relationship_manager, branch_head, risk_officer, service, admin.",
  })
  @ApiProduces('application/json', 'text/calendar')
  @ApiReadResponse('Agenda', 'The manager’s agenda at the time of the request')
  @Access('manager.portfolio')
  @Get(':id/agenda')
  async agenda(
    @Param('id', new CodeParam('id')) managerId: string,
    @Query() query: AgendaQueryDto,
    @CurrentScope() scope: ClientScope,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Agenda> {
    const now = new Date();
    const window = agendaWindow(query, now);
    await this.readYourWrites.reach(query.minPosition);
    const agenda = await this.agendas.agenda(managerId, window, now, scope);
    if (wantsCalendar(accept)) {
      // Serialized last, so the read audit and the masking see the agenda itself first.
      reply.type('text/calendar; charset=utf-8');
      reply.serializer((payload: unknown) => agendaAsICalendar(payload as Agenda, now));
    }
    return agenda;
  }

  @ApiOperation({
    summary: "A manager's sales pipeline: open opportunities by stage, totals and win rate",
    description:
      "The open opportunities the manager opened (on prospects and clients), furthest stage first then oldest, each with client, product, stage, expected amount and currency; the count and expected amounts per currency (never converted) for each stage; and the opportunities won and lost in the last 365 days with the win rate (won / (won + lost), null when none closed). A relationship manager sees only their own pipeline, a branch head those of their branch (opportunities on that branch's clients); any other id is a 404. Recorded in the read audit; `minPosition` reads your writes. Roles: relationship_manager, branch_head, risk_officer, service, admin.",
  })
  @ApiReadResponse('Pipeline', 'The manager’s pipeline at the time of the request')
  @Access('manager.portfolio')
  @Get(':id/pipeline')
  async pipeline(
    @Param('id', new CodeParam('id')) managerId: string,
    @Query() query: MinPositionQueryDto,
    @CurrentScope() scope: ClientScope,
  ): Promise<Pipeline> {
    await this.readYourWrites.reach(query.minPosition);
    return this.pipelines.pipeline(managerId, new Date(), scope);
  }
}

const DAY_MS = 86_400_000;
const MAX_WINDOW_DAYS = 92;

/** The asked window, or a 400 naming the field that makes it empty or too long. */
const agendaWindow = (query: AgendaQueryDto, now: Date): Readonly<{ from: Date; to: Date }> => {
  const from = query.from === undefined ? now : new Date(query.from);
  const to = query.to === undefined ? new Date(from.getTime() + 7 * DAY_MS) : new Date(query.to);
  const invalid = (message: string) =>
    new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [{ field: 'to', message }]);
  if (to.getTime() <= from.getTime()) throw invalid('to must be after from');
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw invalid(`to must be at most ${MAX_WINDOW_DAYS} days after from`);
  }
  return { from, to };
};

/** text/calendar asked for ahead of JSON (or alone); JSON otherwise. */
const wantsCalendar = (accept: string | undefined): boolean => {
  if (accept === undefined) return false;
  const types = accept.split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  const calendar = types.indexOf('text/calendar');
  const json = types.findIndex((type) => type === 'application/json' || type === '*/*');
  return calendar !== -1 && (json === -1 || calendar < json);
};
