import { CREDIT_CHANGE_SCHEMA } from './credit-proposal.schema';
import {
  ALERT_STATUSES,
  CLIENT_TIERS,
  CONTACT_CHANNELS,
  CONTACT_PURPOSES,
  CREDIT_RATINGS,
  FACILITY_TYPES,
  LOAN_CLASSIFICATIONS,
  MANAGER_LEVELS,
  OPPORTUNITY_STAGES,
  PRODUCT_CATEGORIES,
  RISK_FLAG_TYPES,
  SEGMENTS,
  SEVERITIES,
  SPECIALIST_ROLES,
} from '@crm/domain';
import { arrayOf, dateTime, decimal, integer, nullable, object, oneOf, text, type Schema } from './schema-kit';
import { CLIENT_VIEW_EXAMPLE } from './client-view.example';
import { complaintFields } from './complaint.schema';
import { feedbackTrackedFields } from './feedback.schema';

const facility = object(
  {
    id: text('The facility id the bank gave it'),
    limit: nullable(decimal('Null while only utilisation or arrears were reported')),
    drawn: decimal(),
    currency: nullable(text('ISO 4217')),
    type: nullable(oneOf(FACILITY_TYPES, 'Present once the terms are recorded')),
    maturityDate: nullable(text(undefined, { format: 'date' })),
    nextReviewDate: nullable(text(undefined, { format: 'date' })),
    overdueSince: nullable(
      text('The bank date the oldest unpaid amount fell due; null when current', { format: 'date' }),
    ),
    daysPastDue: integer('Counted to the bank date when the view is read (or as of `asOf`)'),
    amountOverdue: decimal(),
  },
  undefined,
  ['type', 'maturityDate', 'nextReviewDate'],
);

const classificationFloor = object(
  {
    floor: oneOf(LOAN_CLASSIFICATIONS, 'The least severe classification the arrears allow'),
    facilityId: text('The facility furthest past due'),
    daysPastDue: integer(),
    met: { type: 'boolean', description: 'False when the recorded classification is better than the floor' },
  },
  'Computed when the view is read; null when no facility is past due',
);

const contacts = object({
  total: integer(),
  last: nullable(
    object({ occurredAt: dateTime(), channel: oneOf(CONTACT_CHANNELS), purpose: oneOf(CONTACT_PURPOSES) }),
  ),
  followUpsDue: integer('Open follow-ups due at the time of reading'),
  nextFollowUpDue: nullable(dateTime()),
  openFollowUps: arrayOf(object({ contactId: text(), due: dateTime() })),
});

const financials = object({
  period: text('A year, half, quarter or month: 2026, 2026-H1, 2026-Q1 or 2026-03'),
  revenue: decimal(),
  netProfit: decimal(),
  totalAssets: decimal(),
  totalLiabilities: decimal(),
  currency: text(),
  reportedAt: dateTime(),
});

const balanceFigures = {
  aum: decimal('Assets under management: balances of the open deposit and wealth holdings'),
  loansOutstanding: decimal("The facilities' drawn amounts"),
  totalLimits: decimal("The facilities' limits"),
};

const balances = arrayOf(
  object({
    currency: text('ISO 4217; amounts are never converted, so each currency has its own figures'),
    ...balanceFigures,
    trend: arrayOf(
      object({ monthEnd: text('A month-end of the bank calendar', { format: 'date' }), ...balanceFigures }),
      'The last 12 month-ends before the day of reading (or `asOf`), oldest first',
    ),
  }),
  'Per currency, in code order; computed when the view is read',
);

const credit = object(
  {
    rating: nullable(oneOf(CREDIT_RATINGS)),
    classification: nullable(oneOf(LOAN_CLASSIFICATIONS)),
    facilities: arrayOf(facility),
    classificationFloor: nullable(classificationFloor),
  },
  undefined,
  ['classificationFloor'],
);

/** `GET /v1/clients/{id}`: the single-window view (libs/read-models ClientView). */
export const CLIENT_VIEW_SCHEMA: Schema = {
  ...object(
    {
      id: text(undefined, { format: 'uuid' }),
      status: oneOf(['prospect', 'client']),
      branchId: text(),
      segment: oneOf(SEGMENTS),
      industry: text(),
      legalName: text('"[erased]" after erasure'),
      registrationNo: text(
        'Masked (e.g. 9131********001X) for roles that see clients without personal data; "[erased]" after erasure',
      ),
      contact: object(
        { phone: text(), email: text() },
        'Masked (e.g. +86 21 **** 0100) for roles that see clients without personal data',
        ['phone', 'email'],
      ),
      manager: nullable(
        object(
          {
            id: text(),
            name: nullable(text('From the manager registry at read time')),
            level: oneOf(MANAGER_LEVELS),
            departedAt: dateTime('Present once this manager left the bank: the client is uncovered since'),
          },
          undefined,
          ['departedAt'],
        ),
      ),
      tier: nullable(oneOf(CLIENT_TIERS)),
      annualContribution: nullable(decimal()),
      credit,
      riskFlags: arrayOf(
        object({ id: text(), type: oneOf(RISK_FLAG_TYPES), severity: oneOf(SEVERITIES), raisedAt: dateTime() }),
      ),
      openAlerts: arrayOf(
        object({
          id: text(),
          ruleId: text(),
          severity: oneOf(SEVERITIES),
          status: oneOf(ALERT_STATUSES.filter((status) => status !== 'resolved')),
          dueBy: dateTime(),
        }),
      ),
      products: arrayOf(
        object(
          {
            holdingId: text(),
            productCode: text(),
            category: oneOf(PRODUCT_CATEGORIES),
            amount: decimal('The amount at opening'),
            openedAt: dateTime(),
            balance: object(
              {
                amount: decimal('Signed: an overdrawn account is negative'),
                currency: text('ISO 4217'),
                asOf: text('The bank date the balance stands at the end of', { format: 'date' }),
              },
              'The latest reported balance by as-of date; absent before the first report',
            ),
          },
          undefined,
          ['balance'],
        ),
      ),
      balances,
      contacts,
      satisfaction: object({ lastNps: nullable(integer()), lastCsat: nullable(integer()) }),
      complaints: object({ open: integer(), openIds: arrayOf(text()) }),
      complaintsTracked: arrayOf(
        object(complaintFields),
        'Every complaint received, open and resolved, oldest first, with its deadlines and outcome (never its text); absent before the first complaint projected by a build that keeps them',
      ),
      feedbackTracked: arrayOf(
        object(feedbackTrackedFields),
        "Every feedback forwarded, oldest first, with where its department's queue has it and when it was answered, decided and closed (never its text or answers); absent before the first feedback projected by a build that keeps them",
      ),
      financials: nullable({ ...financials, description: 'The latest period’s report; null before any' }),
      convertedAt: nullable(dateTime()),
      group: nullable(
        object(
          {
            id: text("The group's id: its parent's client id"),
            role: oneOf(['parent', 'member']),
            name: text('The parent only'),
            managerId: text('The parent only: the manager responsible for the group'),
            members: arrayOf(text(), 'The parent only: the other members, in the order they joined'),
          },
          'The corporate group the client heads or belongs to; absent or null when none',
          ['name', 'managerId', 'members'],
        ),
      ),
      pendingCreditChanges: arrayOf(
        object({
          proposalId: text('Approve or reject it at /v1/credit-proposals/{proposalId}/approval|rejection'),
          change: CREDIT_CHANGE_SCHEMA,
          proposedBy: text('User id of the proposer'),
          proposedAt: dateTime(),
        }),
        "Credit changes held for a risk officer's approval (maker–checker), oldest first; absent before the client's first proposal",
      ),
      agenda: object(
        {
          visits: arrayOf(
            object({
              visitId: text(undefined, { format: 'uuid' }),
              managerId: text('The manager who will visit'),
              plannedAt: dateTime(),
              purpose: oneOf(CONTACT_PURPOSES),
            }),
            'Planned visits not yet made or cancelled, in the order they were planned',
          ),
          tasks: arrayOf(
            object({
              taskId: text(undefined, { format: 'uuid' }),
              assigneeId: text('The manager who is to do it'),
              title: text('Personal data: hidden for risk officers, "[erased]" after erasure'),
              due: dateTime(),
            }),
            'Open tasks, in the order they were created',
          ),
        },
        "Visits planned and tasks open; absent before the client's first visit or task",
      ),
      opportunities: arrayOf(
        object({
          opportunityId: text(undefined, { format: 'uuid' }),
          managerId: text('Whose pipeline it is in'),
          productCategory: oneOf(PRODUCT_CATEGORIES),
          productCode: nullable(text()),
          expectedAmount: decimal(),
          currency: text('ISO 4217'),
          stage: oneOf(OPPORTUNITY_STAGES),
          status: oneOf(['open', 'won', 'lost']),
          openedAt: dateTime(),
          closedAt: nullable(dateTime('When it was won or lost')),
          lossReason: nullable(text('Why it was lost')),
        }),
        'Every sales opportunity opened with the client, oldest first; absent before the first',
      ),
      team: object(
        {
          backupManager: nullable(
            object(
              { id: text('The backup manager'), since: dateTime() },
              'Reads the client always and acts on it while the covering manager is marked absent; null when none',
            ),
          ),
          specialists: arrayOf(
            object({ managerId: text(), role: oneOf(SPECIALIST_ROLES), since: dateTime('When they joined the team') }),
            'Specialists who read the client, in the order they joined; at most 10',
          ),
        },
        "The client's team beside its covering manager; absent before the first backup or specialist",
      ),
      erasedAt: dateTime('When the personal data was erased; absent until then'),
      revision: integer('Revision of the client stream: the ETag, and what If-Match takes'),
      position: text('Global position of the last event folded in (decimal string)'),
      updatedAt: dateTime(),
    },
    'The single-window view of one client. Amounts are decimal strings, times ISO-8601 UTC.',
    [
      'erasedAt',
      'group',
      'pendingCreditChanges',
      'agenda',
      'opportunities',
      'team',
      'complaintsTracked',
      'feedbackTracked',
    ],
  ),
  example: CLIENT_VIEW_EXAMPLE,
};
