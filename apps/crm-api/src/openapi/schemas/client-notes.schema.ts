import { CONTACT_CHANNELS, CONTACT_PURPOSES, FEEDBACK_STATUSES, FEEDBACK_THEMES } from '@crm/domain';
import { arrayOf, dateTime, integer, nullable, object, oneOf, text, type Schema } from './schema-kit';

const TEXT =
  'As written (personal data: left out for roles that see clients without personal data; "[erased]" after erasure)';

const page = (item: Schema): Schema =>
  object({
    items: arrayOf(item, 'Newest first'),
    nextCursor: nullable(text('Pass as `cursor` for the next (older) page; null on the last page')),
  });

/** `GET /v1/clients/{id}/contacts`. */
export const CONTACT_NOTES_PAGE_SCHEMA = page(
  object(
    {
      contactId: text(),
      revision: integer('The client stream revision that logged it'),
      occurredAt: dateTime(),
      managerId: text(),
      channel: oneOf(CONTACT_CHANNELS),
      purpose: oneOf(CONTACT_PURPOSES),
      summary: text(TEXT),
      followUp: nullable(object({ due: dateTime(), completedAt: nullable(dateTime()) })),
    },
    undefined,
    ['summary'],
  ),
);

/** `GET /v1/clients/{id}/complaints`. */
export const COMPLAINT_NOTES_PAGE_SCHEMA = page(
  object(
    {
      complaintId: text(),
      revision: integer('The client stream revision that received it'),
      receivedAt: dateTime(),
      category: text(),
      text: text(TEXT),
      resolution: nullable(text()),
      resolvedAt: nullable(dateTime()),
    },
    undefined,
    ['text'],
  ),
);

/** One step a department moved a feedback on, with its answer (hidden like the texts). */
export const FEEDBACK_ANSWER_SCHEMA = object(
  {
    status: oneOf(FEEDBACK_STATUSES.filter((status) => status !== 'received')),
    answer: text(TEXT),
    changedBy: text("The department's user"),
    changedAt: dateTime(),
  },
  undefined,
  ['answer'],
);

/** `GET /v1/clients/{id}/feedback`. */
export const FEEDBACK_NOTES_PAGE_SCHEMA = page(
  object(
    {
      feedbackId: text(),
      revision: integer('The client stream revision that forwarded it'),
      forwardedAt: dateTime(),
      department: text('Id of the department it was forwarded to (GET /v1/departments)'),
      productCode: nullable(text()),
      theme: nullable(oneOf(FEEDBACK_THEMES, 'What it is about; null when not given')),
      text: text(TEXT),
      status: oneOf(FEEDBACK_STATUSES, "Where the department's queue has it now"),
      answers: arrayOf(FEEDBACK_ANSWER_SCHEMA, "The department's answers, one per step, oldest first"),
    },
    undefined,
    ['text'],
  ),
);
