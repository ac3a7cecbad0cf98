import { applyDecorators } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ApiExtraModels, ApiHeader, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { RequestMethod } from '@nestjs/common';
import type { PermissionRule } from '@crm/policy';

/** One field at fault, as every 400 and 422 lists them. */
export class FieldErrorDto {
  @ApiProperty({ example: 'legalName' })
  field!: string;

  @ApiProperty({ example: 'legalName must not be empty' })
  message!: string;
}

/** The one error body of the API, whatever the status. */
export class ApiErrorBodyDto {
  @ApiProperty({
    description: 'Stable machine-readable code, e.g. REQUEST.INVALID, CLIENT.NOT_FOUND',
    example: 'REQUEST.INVALID',
  })
  code!: string;

  @ApiProperty({ description: 'For people; never quotes the request or a secret', example: 'The request is invalid.' })
  message!: string;

  @ApiProperty({ type: [FieldErrorDto], description: 'The fields at fault (empty when none is)' })
  errors!: FieldErrorDto[];

  @ApiProperty({
    required: false,
    nullable: true,
    type: Number,
    description:
      'On a 412 only: the revision the resource has now (also in the ETag header), null when it does not exist yet',
    example: 7,
  })
  currentRevision?: number | null;
}

/** What every accepted command answers. */
export class WriteResponseDto {
  @ApiProperty({
    description: 'The id of what was written (client, manager, alert …)',
    example: '01a23784-f942-7180-a8df-426454a6d4fd',
  })
  id!: string;

  @ApiProperty({ description: 'Revision of its stream after the write; also the ETag', example: 4 })
  revision!: number;

  @ApiProperty({ description: 'Position in the log: pass as ?minPosition= to read your write', example: '5' })
  position!: string;
}

const ERROR_MEANINGS: Readonly<Record<number, string>> = {
  400: 'Bad input: malformed JSON, a field missing or invalid (listed in `errors`), a text with NUL or a lone surrogate',
  401: 'No valid bearer token',
  403: 'The role, its scope claim or a service scope does not allow this',
  404: 'No such resource, or one outside the caller’s scope (the very same answer)',
  409: 'A concurrent change of the same stream, or a duplicate; retry',
  412: 'If-Match names a revision the resource no longer has (code REQUEST.PRECONDITION_FAILED). The body gives the current revision as `currentRevision` (null when the resource does not exist yet), and the ETag header the same; look at what changed before deciding again',
  413: 'Body over 1 MiB',
  422: 'A business rule refuses it (the message says which)',
  429: 'Too many requests; retry after Retry-After',
  503: 'The database (or the read audit) cannot take it now; nothing was saved; retry after Retry-After',
  507: 'The disk is full; nothing was saved; retry after Retry-After',
};

/** The statuses whose answer says when to come back. */
const RETRY_AFTER = new Set([429, 503, 507]);

const errorResponse = (status: number, description = ERROR_MEANINGS[status] ?? 'Error') =>
  ApiResponse({
    status,
    description,
    // Errors are JSON even on a route that produces something else (the alert feed's SSE).
    content: { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorBodyDto) } } },
    ...(RETRY_AFTER.has(status)
      ? { headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } } }
      : {}),
  });

/** The error responses of `statuses`, each with the shared error body. */
export const ApiErrorResponses = (...statuses: number[]) =>
  applyDecorators(ApiExtraModels(ApiErrorBodyDto), ...statuses.map((status) => errorResponse(status)));

/** Who a permission lets in, for its 403's description. */
const whoMay = (rule: PermissionRule): string =>
  `${ERROR_MEANINGS[403]}. Allowed roles: ${rule.roles.join(', ')}` +
  (rule.mode === 'write' ? '; services by a scope of their token that opens this route (docs/security.md)' : '');

/** The answers a route declared with a permission can give, from its rule: errors, headers, the write body. */
export const ApiAccessResponses =
  (rule: PermissionRule): MethodDecorator =>
  (target, key, descriptor) => {
    const handler = descriptor.value as object;
    const scoped = rule.target !== 'list' && rule.target !== 'none' && rule.target !== 'new-client';
    const common = [400, 401, ...(scoped ? [404] : []), 429, 503];
    const forbidden = errorResponse(403, whoMay(rule));
    if (rule.mode === 'read') return applyDecorators(ApiErrorResponses(...common), forbidden)(target, key, descriptor);
    // The write's success status: Nest's default (201 for POST, 200 otherwise) unless @HttpCode set one.
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    const status =
      (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
      (method === RequestMethod.POST ? 201 : 200);
    return applyDecorators(
      ApiErrorResponses(...common, 409, 412, 413, 422, 507),
      forbidden,
      ApiResponse({
        status,
        description: 'Accepted: the events are in the log',
        type: WriteResponseDto,
        headers: { ETag: { description: 'The stream’s revision after the write, quoted', schema: { type: 'string' } } },
      }),
      ApiHeader({
        name: 'If-Match',
        required: false,
        description: 'Write only if the resource is still at this revision (an ETag from a read or write); else 412',
      }),
      ApiHeader({
        name: 'Idempotency-Key',
        required: false,
        description:
          'Makes a retry safe: the same key and body get the first answer again, appending nothing; the same key with another body is 422, a concurrent duplicate 409',
      }),
    )(target, key, descriptor);
  };
