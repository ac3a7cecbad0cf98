import { CONTACT_CHANNELS, CONTACT_PURPOSES, FEEDBACK_DEPARTMENTS } from '@crm/domain';
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

/** `GET /v1/clients/{id}/feedback`. */
export const FEEDBACK_NOTES_PAGE_SCHEMA = page(
  object(
    {
      feedbackId: text(),
      revision: integer('The client stream revision that forwarded it'),
      forwardedAt: dateTime(),
      department: oneOf(FEEDBACK_DEPARTMENTS),
      productCode: nullable(text()),
      text: text(TEXT),
    },
    undefined,
    ['text'],
  ),
);
