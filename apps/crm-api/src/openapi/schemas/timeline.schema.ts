import { arrayOf, dateTime, integer, nullable, object, text, type Schema } from './schema-kit';

/** `GET /v1/clients/{id}/timeline`: one page, newest first. */
export const TIMELINE_PAGE_SCHEMA: Schema = object({
  entries: arrayOf(
    object({
      clientId: text(undefined, { format: 'uuid' }),
      revision: integer(),
      position: text('Global position (decimal string)'),
      type: text('The event type, e.g. ClientTierChanged'),
      occurredAt: dateTime(),
      recordedAt: dateTime(),
      actor: object({ userId: text(), role: text() }),
      details: {
        type: 'object',
        description:
          'Ids, enums, dates and amounts of the event; never free text (summaries, notes, reasons stay in the store)',
        additionalProperties: {
          oneOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }, arrayOf(text())],
        },
      },
    }),
  ),
  nextCursor: nullable(text('Pass as `cursor` for the next (older) page; null on the last page')),
});
