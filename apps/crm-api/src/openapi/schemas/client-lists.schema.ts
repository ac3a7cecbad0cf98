import {
  CLIENT_TIERS,
  CONTACT_PURPOSES,
  MANAGER_LEVELS,
  OPPORTUNITY_STAGES,
  PRODUCT_CATEGORIES,
  SEVERITIES,
} from '@crm/domain';
import {
  arrayOf,
  countsBy,
  dateTime,
  decimal,
  integer,
  nullable,
  number,
  object,
  oneOf,
  text,
  type Schema,
} from './schema-kit';

const RISK_LEVELS = ['none', ...SEVERITIES];
const STATUSES = ['prospect', 'client'];

/** `GET /v1/clients`: one page of the search. */
export const CLIENT_SEARCH_PAGE_SCHEMA: Schema = object({
  items: arrayOf(
    object({
      id: text(undefined, { format: 'uuid' }),
      legalName: text(),
      branchId: text(),
      managerId: nullable(text()),
      tier: nullable(oneOf(CLIENT_TIERS)),
      status: oneOf(STATUSES),
      riskLevel: oneOf(RISK_LEVELS, 'The worst of the open risk flags and alerts'),
      lastContactAt: nullable(dateTime()),
    }),
  ),
  nextCursor: nullable(text('Pass as `cursor` for the next page; null on the last page')),
});

/** `GET /v1/managers/{id}/portfolio`. */
export const PORTFOLIO_SCHEMA: Schema = object({
  managerId: text(),
  clients: arrayOf(
    object({
      id: text(undefined, { format: 'uuid' }),
      legalName: text(),
      status: oneOf(STATUSES, 'Prospects the manager already covers are part of the portfolio'),
      tier: nullable(oneOf(CLIENT_TIERS)),
      lastContactAt: nullable(dateTime()),
      followUpsDue: integer('Open follow-ups due at the time of the request'),
      openAlerts: integer(),
      riskLevel: oneOf(RISK_LEVELS),
    }),
    'By legal name (code-unit order), then id',
  ),
  totals: object({
    clients: integer(),
    byTier: countsBy([...CLIENT_TIERS, 'none']),
    followUpsDue: integer(),
    openAlerts: integer(),
    atRisk: integer('Clients whose risk level is high or critical'),
  }),
});

const AGENDA_ENTRY = object(
  {
    kind: oneOf(
      ['visit', 'task', 'follow_up', 'feedback_answer'],
      "feedback_answer: a department's latest answer to the client's feedback, to pass on (on the agenda for 14 days after it came)",
    ),
    id: text("The visit's, task's, feedback's or (for a follow-up) contact's id", { format: 'uuid' }),
    clientId: text(undefined, { format: 'uuid' }),
    legalName: text(),
    due: dateTime("A visit's planned time, a task's or follow-up's due time, when an answer came"),
    overdue: { type: 'boolean', description: 'Due before the time of the request (never an answer)' },
    purpose: nullable(oneOf(CONTACT_PURPOSES, "A visit's purpose; null otherwise")),
    title: nullable(
      text(
        "A task's title (hidden for risk officers); for an answer, the department and the status it gave (the answer's text: GET /v1/clients/{id}/feedback); null otherwise",
      ),
    ),
  },
  undefined,
  ['title'],
);

/** `GET /v1/managers/{id}/agenda` (as JSON; `Accept: text/calendar` gives the same as iCalendar). */
export const AGENDA_SCHEMA: Schema = object({
  managerId: text(),
  from: dateTime(),
  to: dateTime(),
  items: arrayOf(AGENDA_ENTRY, 'Open entries due from `from` (inclusive) to `to` (exclusive): by due time, then id'),
  overdue: arrayOf(AGENDA_ENTRY, 'Open entries due before `from`: by due time, then id'),
  coverageDays: integer('Days a core client may go without a contact'),
  uncontactedCoreClients: arrayOf(
    object({ clientId: text(undefined, { format: 'uuid' }), legalName: text(), lastContactAt: nullable(dateTime()) }),
    'Core clients of the manager not contacted within coverageDays: never contacted first, then longest ago',
  ),
  truncated: { type: 'boolean', description: 'A list was cut at 500 entries' },
});

const PIPELINE_TOTALS_PROPERTIES = {
  open: integer('Open opportunities'),
  byStage: arrayOf(
    object({
      stage: oneOf(OPPORTUNITY_STAGES),
      count: integer(),
      totals: arrayOf(
        object({ currency: text('ISO 4217'), amount: decimal('Expected amounts summed') }),
        'Per currency in code order (never converted)',
      ),
    }),
    'Every stage, in pipeline order',
  ),
  since: dateTime('Start of the win-rate window (365 days before the request)'),
  won: integer('Won since `since`'),
  lost: integer('Lost since `since`'),
  winRate: nullable(number('won / (won + lost); null when none closed')),
};

const PIPELINE_TOTALS = object(PIPELINE_TOTALS_PROPERTIES, 'The sales pipeline of the branch’s clients');

/** `GET /v1/managers/{id}/pipeline`. */
export const PIPELINE_SCHEMA: Schema = object({
  managerId: text(),
  opportunities: arrayOf(
    object({
      id: text(undefined, { format: 'uuid' }),
      clientId: text(undefined, { format: 'uuid' }),
      legalName: text(),
      stage: oneOf(OPPORTUNITY_STAGES),
      productCategory: oneOf(PRODUCT_CATEGORIES),
      productCode: nullable(text()),
      expectedAmount: decimal(),
      currency: text('ISO 4217'),
      openedAt: dateTime(),
    }),
    'Open opportunities the manager opened: furthest stage first, then oldest',
  ),
  ...PIPELINE_TOTALS_PROPERTIES,
});

/** `GET /v1/branches/{id}/dashboard`. */
export const BRANCH_DASHBOARD_SCHEMA: Schema = object({
  branchId: text(),
  clients: integer('Converted clients'),
  prospects: integer(),
  conversionRate: nullable(number('clients / (clients + prospects); null when the branch has neither')),
  clientsByTier: countsBy(CLIENT_TIERS),
  paretoTop20Share: nullable(
    number('Share (0–1) of the annual contribution brought by the top 20 % of contributing clients'),
  ),
  coreCoverage: nullable(number('Share of core clients contacted within the last 35 days')),
  coreClientsWithJuniorManager: integer(`Core clients whose manager is ${MANAGER_LEVELS[0]}`),
  productsPerClient: nullable(number('Open product holdings per converted client')),
  nps: nullable(number('−100…100 from each client’s latest NPS answer')),
  openAlertsBySeverity: countsBy(SEVERITIES),
  balances: arrayOf(
    object({
      currency: text('ISO 4217'),
      aum: decimal("The converted clients' deposit and wealth balances"),
      loansOutstanding: decimal("Their facilities' drawn amounts"),
      totalLimits: decimal("Their facilities' limits"),
    }),
    'Sums over the converted clients, per currency in code order (never converted); currencies summing to zero are left out',
  ),
  pipeline: PIPELINE_TOTALS,
});
