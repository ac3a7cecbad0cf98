import { DEPARTMENT_KINDS, FEEDBACK_STATUSES, FEEDBACK_THEMES } from '@crm/domain';
import { UNRECORDED_THEME } from '@crm/read-models';
import { FEEDBACK_ANSWER_SCHEMA } from './client-notes.schema';
import { arrayOf, countsBy, dateTime, integer, nullable, object, oneOf, text, type Schema } from './schema-kit';

/** `GET /v1/departments`. */
export const DEPARTMENTS_SCHEMA: Schema = object({
  items: arrayOf(
    object({
      id: text('What feedback is forwarded to, and the path of the department’s queue'),
      name: text(),
      kind: oneOf(DEPARTMENT_KINDS),
    }),
    'As configured (DEPARTMENTS_FILE)',
  ),
});

const trackedFields = {
  feedbackId: text(undefined, { format: 'uuid' }),
  department: text(),
  productCode: nullable(text()),
  theme: nullable(oneOf(FEEDBACK_THEMES, 'What it is about; null when not given')),
  status: oneOf(FEEDBACK_STATUSES),
  forwardedAt: dateTime('When the manager forwarded it'),
  answeredAt: nullable(dateTime("The department's first answer (its first status change)")),
  decidedAt: nullable(dateTime('Its latest decision: accepted or declined')),
  closedAt: nullable(dateTime('When it was implemented or declined')),
} satisfies Record<string, Schema>;

/** A feedback as the client view keeps it (`feedbackTracked`): never its text or answers. */
export const feedbackTrackedFields = {
  ...trackedFields,
  lastAnsweredAt: nullable(dateTime("The department's latest answer")),
} satisfies Record<string, Schema>;

/** A feedback in its department's queue: ids, status and times, never its text. */
const feedbackFields = {
  ...trackedFields,
  clientId: text(undefined, { format: 'uuid' }),
  branchId: text("The client's branch now"),
  managerId: nullable(text("The client's covering manager now; null when none")),
} satisfies Record<string, Schema>;

/** `GET /v1/departments/{id}/feedback`. */
export const FEEDBACK_QUEUE_PAGE_SCHEMA: Schema = object({
  items: arrayOf(object(feedbackFields), 'Oldest forwarded first'),
  nextCursor: nullable(text('Pass as `cursor` for the next page; null on the last page')),
});

/** `GET /v1/departments/{id}/feedback/{feedbackId}`. */
export const FEEDBACK_DETAIL_SCHEMA: Schema = object({
  ...feedbackFields,
  text: text('As the manager wrote it (personal data; "[erased]" after erasure)'),
  answers: arrayOf(FEEDBACK_ANSWER_SCHEMA, "The department's answers, one per step, oldest first"),
});

/** `GET /v1/products/{code}/feedback`. */
export const PRODUCT_FEEDBACK_SCHEMA: Schema = object({
  productCode: text(),
  total: integer('Feedback forwarded about the product, every department'),
  byTheme: countsBy(
    [...FEEDBACK_THEMES, UNRECORDED_THEME],
    `Per theme, every theme present; ${UNRECORDED_THEME}: forwarded without one`,
  ),
  byStatus: countsBy(FEEDBACK_STATUSES, "Per status in the departments' queues, every status present"),
});
