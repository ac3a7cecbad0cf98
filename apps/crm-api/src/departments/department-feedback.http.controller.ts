import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { clientStreamId, findDepartment, type DepartmentDirectory } from '@crm/domain';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { Access, CodeParam, DEPARTMENT_DIRECTORY, UuidParam, type IdempotentRequest } from '@crm/api-kit';
import { NOT_FOUND } from '@crm/policy';
import {
  clientNotesOf,
  DEFAULT_FEEDBACK_LIMIT,
  FeedbackQueries,
  type FeedbackAnswerNote,
  type FeedbackQueuePage,
  type FeedbackRow,
} from '@crm/read-models';
import { CLIENT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { ApiReadResponse } from '../openapi/api-read-response';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';
import { ReadYourWrites } from '../queries/read-your-writes';
import { ChangeFeedbackStatusRequestDto } from './change-feedback-status.request.dto';
import { FeedbackQueueQueryDto } from './feedback-queue.query.dto';

/** One feedback of a queue with its text and the department's answers, read back from the client's stream. */
export type FeedbackDetail = FeedbackRow & Readonly<{ text: string; answers: readonly FeedbackAnswerNote[] }>;

const ROLES =
  "Roles: product_department (its own department's only: another department, and feedback of another department, is a 404), admin (every department).";

/**
 * A department's feedback queue (docs/decisions.md §62): what managers forwarded to it, each moved
 * on one step at a time with an answer that reaches the client's manager.
 */
@ApiTags('departments')
@ApiBearerAuth()
@Controller('departments/:id/feedback')
export class DepartmentFeedbackController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly feedback: FeedbackQueries,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DEPARTMENT_DIRECTORY) private readonly directory: DepartmentDirectory,
  ) {}

  @ApiOperation({
    summary: "A department's feedback queue, oldest forwarded first",
    description: `The feedback forwarded to the department, oldest first, filtered by \`status\` (received, under_review, accepted, implemented, declined; one or several); cursor-paged (\`limit\` 1–200, default 50; pass \`nextCursor\` as \`cursor\`). Each item: the feedback and its client, the client's branch and manager now, product, theme, status, and when it was forwarded, first answered (\`answeredAt\`), decided and closed. No text (read one with \`GET …/feedback/{feedbackId}\`). Feedback forwarded before the upgrade appears once \`npm run projections:rebuild\` has run. \`minPosition\` reads your writes. Recorded in the read audit (the clients of the items). ${ROLES}`,
  })
  @ApiReadResponse('FeedbackQueuePage', 'One page of the queue, oldest forwarded first')
  @Access('department.queue')
  @Get()
  async queue(
    @Param('id', new CodeParam('id')) department: string,
    @Query() query: FeedbackQueueQueryDto,
  ): Promise<FeedbackQueuePage> {
    this.requireDepartment(department);
    await this.readYourWrites.reach(query.minPosition);
    return this.feedback.queue({
      department,
      ...(query.status !== undefined ? { statuses: query.status } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      limit: query.limit === undefined ? DEFAULT_FEEDBACK_LIMIT : Number(query.limit),
    });
  }

  @ApiOperation({
    summary: 'One feedback of the queue, with its text and answers',
    description: `The feedback as the queue lists it, with the text the manager wrote and every answer the department gave (status, answer, who, when), oldest first, read from the client's stream where they are encrypted with the client's key ("[erased]" once the client is erased). Recorded in the read audit. \`minPosition\` reads your writes. ${ROLES}`,
  })
  @ApiReadResponse('FeedbackDetail', 'The feedback, its text and its answers')
  @Access('department.feedback.read')
  @Get(':feedbackId')
  async detail(
    @Param('id', new CodeParam('id')) department: string,
    @Param('feedbackId', new UuidParam('feedbackId')) feedbackId: string,
    @Query() query: MinPositionQueryDto,
  ): Promise<FeedbackDetail> {
    await this.readYourWrites.reach(query.minPosition);
    const row = await this.inQueue(department, feedbackId);
    const notes = clientNotesOf(await this.store.readStream(clientStreamId(row.clientId)));
    const note = notes.feedback.find((candidate) => candidate.feedbackId === feedbackId);
    if (note === undefined) throw NOT_FOUND.feedback();
    // The stream is ahead of the row when the projector is: its status goes with its answers.
    return { ...row, status: note.status, text: note.text, answers: note.answers };
  }

  @ApiOperation({
    summary: 'Move a feedback on, with an answer',
    description: `Records the department's next step on the feedback (\`status\`) with its \`answer\`, on the client's stream (FeedbackStatusChanged; the answer is encrypted with the client's key like the feedback's text). One step at a time: received → under_review or declined (a misrouted or plainly out-of-remit feedback is declined at once), under_review → accepted or declined, accepted → implemented or declined; any other move (a jump such as received → implemented, a repeat, anything after implemented or declined) is a 422 FEEDBACK.INVALID_TRANSITION on \`status\`, an unknown status a 400 on \`status\`, and nothing is recorded. The answer reaches the client's manager: on their agenda (\`feedback_answer\`), on the alert feed (\`event: feedback-answered\`) and in \`GET /v1/clients/{id}/feedback\`. Answers \`{ id, revision, position }\` (the client's stream). ${ROLES}`,
  })
  @Access('department.feedback.answer')
  @Post(':feedbackId/status')
  @HttpCode(200)
  async changeStatus(
    @Req() request: IdempotentRequest,
    @Param('id', new CodeParam('id')) department: string,
    @Param('feedbackId', new UuidParam('feedbackId')) feedbackId: string,
    @Body() body: ChangeFeedbackStatusRequestDto,
  ): Promise<WriteResponse> {
    const row = await this.inQueue(department, feedbackId);
    return this.commands.execute(request, CLIENT_STREAM, row.clientId, 'ChangeFeedbackStatus', {
      feedbackId,
      department,
      status: body.status,
      answer: body.answer,
    });
  }

  private requireDepartment(department: string): void {
    if (findDepartment(this.directory, department) === null) throw NOT_FOUND.department();
  }

  /** The feedback of the department's queue; another department's is as unknown as none (404). */
  private async inQueue(department: string, feedbackId: string): Promise<FeedbackRow> {
    this.requireDepartment(department);
    const row = await this.feedback.inQueue(department, feedbackId);
    if (row === null) throw NOT_FOUND.feedback();
    return row;
  }
}
