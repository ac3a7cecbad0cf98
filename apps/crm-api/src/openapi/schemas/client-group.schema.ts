import { CLIENT_TIERS, CREDIT_RATINGS, LOAN_CLASSIFICATIONS } from '@crm/domain';
import { arrayOf, decimal, integer, nullable, object, oneOf, text, type Schema } from './schema-kit';

const amounts = {
  totalLimit: decimal('Sum of the facility limits'),
  drawn: decimal('Sum of the amounts drawn'),
  overdue: decimal('Sum of the amounts overdue'),
};

/** `GET /v1/client-groups/{id}`. */
export const CLIENT_GROUP_DETAIL_SCHEMA: Schema = object({
  id: text("The group's id: its parent's client id"),
  name: text(),
  parentClientId: text(),
  managerId: text('The manager responsible for the group relationship'),
  members: arrayOf(
    object({
      clientId: text(),
      role: oneOf(['parent', 'member']),
      legalName: text(),
      status: oneOf(['prospect', 'client']),
      tier: nullable(oneOf(CLIENT_TIERS)),
      managerId: nullable(text()),
      rating: nullable(oneOf(CREDIT_RATINGS)),
      classification: nullable(oneOf(LOAN_CLASSIFICATIONS)),
      openAlerts: integer(),
    }),
    'The parent first, then the members in the order they joined',
  ),
  exposure: object({
    currency: nullable(text('The one currency of the group’s facilities; null with none or several')),
    totalLimit: nullable(decimal('In `currency`; null when the facilities are in several currencies')),
    drawn: nullable(decimal('In `currency`; null when the facilities are in several currencies')),
    overdue: nullable(decimal('In `currency`; null when the facilities are in several currencies')),
    byCurrency: arrayOf(object({ currency: text(), ...amounts }), 'Per currency, in code order'),
    worstClassification: nullable(oneOf(LOAN_CLASSIFICATIONS, 'The most severe recorded classification')),
    openAlerts: integer('Open alerts over all members'),
  }),
  revision: integer("The parent's view revision"),
});
