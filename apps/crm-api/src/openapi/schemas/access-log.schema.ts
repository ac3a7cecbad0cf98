import { arrayOf, dateTime, nullable, object, text, type Schema } from './schema-kit';

/** `GET /v1/clients/{id}/access-log`: one page of the read audit, newest first. */
export const ACCESS_LOG_PAGE_SCHEMA: Schema = object({
  entries: arrayOf(
    object({
      at: dateTime(),
      userId: text(),
      role: text(),
      route: text('The route pattern that read the client'),
      purpose: nullable(text('The X-Purpose header the reader sent, if any')),
    }),
  ),
  nextCursor: nullable(text('Pass as `cursor` for the next (older) page; null on the last page')),
});
