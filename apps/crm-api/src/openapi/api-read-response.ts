import { ApiOkResponse } from '@nestjs/swagger';
import type { ResponseSchemaName } from './schemas/response-schemas';
import { ref } from './schemas/schema-kit';

const ETAG = {
  ETag: {
    description:
      'The resource’s `revision`, quoted (e.g. "4"): pass it as If-Match on a command to write only if it is unchanged',
    schema: { type: 'string' },
  },
};

/** A read's 200 answer: one of RESPONSE_SCHEMAS, with the ETag header when the answer carries a `revision`. */
export const ApiReadResponse = (
  schema: ResponseSchemaName,
  description: string,
  options: Readonly<{ etag?: boolean }> = {},
) => ApiOkResponse({ description, schema: ref(schema), ...(options.etag === true ? { headers: ETAG } : {}) });
