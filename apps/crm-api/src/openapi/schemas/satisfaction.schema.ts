import { CLIENT_TIERS } from '@crm/domain';
import { SATISFACTION_GROUPINGS } from '@crm/read-models';
import { arrayOf, dateTime, integer, nullable, object, oneOf, text, type Schema } from './schema-kit';

const target = (description: string): Schema =>
  object({ nps: integer('NPS target, −100…100'), csat: integer('CSAT target, 0…100') }, description);

/** The figures of a group of answers, as both satisfaction reads give them. */
const figures = {
  nps: nullable(
    integer(
      'Net Promoter Score, −100…100: 100 × (promoters 9–10 − detractors 0–6) / NPS answers, rounded to a whole number with halves away from zero; answers not self-reported only; null without any',
    ),
  ),
  csat: nullable(
    integer(
      'Percent of CSAT answers scoring 4 or 5, 0…100, rounded likewise; answers not self-reported only; null without any',
    ),
  ),
  responses: integer('NPS and CSAT answers counted in nps and csat (self-reported ones are not)'),
  selfReported: integer('Answers recorded by the very manager they measure: counted here and in no figure'),
} satisfies Record<string, Schema>;

/** `GET /v1/satisfaction`. */
export const SATISFACTION_REPORT_SCHEMA: Schema = object({
  branchId: nullable(text('The branch asked for; null when none was')),
  managerId: nullable(text('The manager asked for; null when none was')),
  from: text('First date counted (inclusive)', { format: 'date' }),
  to: text('Last date counted (inclusive)', { format: 'date' }),
  timeZone: text('BANK_TIME_ZONE, which the dates and months are read in'),
  groupBy: oneOf(SATISFACTION_GROUPINGS),
  items: arrayOf(
    object(
      {
        period: text('groupBy=month: YYYY-MM on the bank’s calendar; every month of the window, in order'),
        managerId: text('groupBy=manager: the manager the answers measure; code-unit order'),
        tier: nullable(
          oneOf(CLIENT_TIERS, 'groupBy=tier: the client’s tier when it answered (null: none yet); core first'),
        ),
        ...figures,
        target: target('With branchId: the branch’s quarterly target, beside its figures'),
      },
      'One per group; managers and tiers only when they had answers',
      ['period', 'managerId', 'tier', 'target'],
    ),
  ),
});

/** `GET /v1/branches/{id}/satisfaction`. */
export const BRANCH_SATISFACTION_SCHEMA: Schema = object({
  branchId: text(),
  year: integer(),
  timeZone: text('BANK_TIME_ZONE, which the quarters are read in'),
  target: target('The branch’s quarterly target (SATISFACTION_TARGETS_FILE)'),
  quarters: arrayOf(
    object({
      quarter: text('YYYY-Qn'),
      ended: { type: 'boolean', description: 'The quarter is over at the time of the request' },
      ...figures,
      belowTarget: {
        type: 'boolean',
        description:
          'NPS or CSAT below its target now (a figure without answers is not judged); so far for a quarter not ended',
      },
      missed: nullable(
        object(
          {
            judgedAt: dateTime('When the sweep found the ended quarter below target'),
            nps: nullable(integer()),
            csat: nullable(integer()),
            responses: integer(),
            target: target('The target it was judged against'),
          },
          'The alert recorded once for the quarter (SatisfactionTargetMissed), with the figures it was judged on; null when none',
        ),
      ),
    }),
    'The year’s four quarters, in order',
  ),
});
