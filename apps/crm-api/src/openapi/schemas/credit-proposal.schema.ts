import { CREDIT_CHANGE_TYPES } from '@crm/domain';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { dateTime, integer, nullable, object, oneOf, text } from './schema-kit';

const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected'] as const;

const proposalId = text("`<clientId>.<n>`, the client's n-th credit proposal", {
  example: '01a23784-f942-7180-a8df-426454a6d4fd.1',
});

/** A credit change as a proposal holds it. */
export const CREDIT_CHANGE_SCHEMA = object({
  type: oneOf(CREDIT_CHANGE_TYPES, 'The command the change becomes once approved'),
  data: {
    type: 'object',
    additionalProperties: true,
    description: "The change's fields, as its own route takes them (rating and reason, facility and limit, …)",
  } satisfies SchemaObject,
});

/** GET /v1/credit-proposals/:id */
export const CREDIT_PROPOSAL_SCHEMA = object({
  id: proposalId,
  clientId: text(),
  status: oneOf(PROPOSAL_STATUSES),
  change: CREDIT_CHANGE_SCHEMA,
  proposedBy: text('User id of the proposer'),
  proposedAt: dateTime(),
  decidedBy: nullable(text('User id of whoever approved or rejected it')),
  decidedAt: nullable(dateTime()),
  reason: nullable(text('Why it was rejected')),
  revision: integer("The client stream's revision (the proposal lives there)"),
});

/** 202 of a credit change held for approval. */
export const CREDIT_CHANGE_HELD_SCHEMA = object({
  id: text('The client'),
  revision: integer("The client stream's revision after the proposal; also the ETag"),
  position: text('Position in the log: pass as ?minPosition= to read your write'),
  proposalId,
  status: oneOf(['pending'], 'Held until a risk officer approves or rejects it'),
});
