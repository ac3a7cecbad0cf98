import { Readable } from 'node:stream';
import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrorResponses, CurrentPrincipal, Roles, type RequestWithPrincipal } from '@crm/api-kit';
import { permissionRule, scopeOf, SERVICE_WRITE_ROUTES, serviceMayWrite, type Principal } from '@crm/policy';
import { ApiError, TOKEN_PATTERN, type ApiErrorBody } from '@crm/platform';
import { ApiBatchDocumentation } from './batch.openapi';
import type { BatchLineResult } from './batch-line';
import { BATCH_LINE_TYPES } from './batch-line-types';
import { BatchRunner } from './batch-runner';
import { NDJSON } from './ndjson-body';
import { BATCH_LIMIT_BYTES, ndjsonLines } from './ndjson-lines';

/** Whoever may write to a client at all; each line is then held to its own route's rule. */
const WRITERS = [
  ...new Set([
    ...permissionRule('client.write').roles,
    ...permissionRule('client.credit.write').roles,
    'service' as const,
  ]),
];

const LINE_ROUTES = [...new Set(Object.values(BATCH_LINE_TYPES).map((type) => `${type.method} ${type.path}`))];
const LINE_SCOPES = [...new Set(LINE_ROUTES.flatMap((route) => SERVICE_WRITE_ROUTES[route] ?? []))].sort();

/**
 * Refuses up front a token that no line could pass, with the 403 each line's route would give:
 * a role without the claim it is scoped by, or a service holding none of the lines' scopes.
 */
const assertMayRunLines = (principal: Principal): void => {
  scopeOf(principal);
  if (principal.role === 'service' && !LINE_ROUTES.some((route) => serviceMayWrite(principal, route))) {
    throw new ApiError(403, 'AUTH.SCOPE_MISSING', 'This token lacks the scope this route needs.', [
      { field: 'scope', message: `needs one of: ${LINE_SCOPES.join(', ')}` },
    ]);
  }
};

const TOO_LARGE: ApiErrorBody = { code: 'REQUEST.TOO_LARGE', message: 'A batch may be at most 50 MiB.', errors: [] };

@ApiTags('batches')
@ApiBearerAuth()
@Controller('batches')
export class BatchesController {
  constructor(private readonly runner: BatchRunner) {}

  @ApiOperation({
    summary: 'Run many client commands from one NDJSON stream, answering each line',
    description:
      'The body is NDJSON (Content-Type: application/x-ndjson, at most 50 MiB), one command a line: ' +
      '`{"type": "LogContact", "clientId": "…", "body": {…}, "idempotencyKey": "…", "ifMatch": "\\"3\\""}` ' +
      '(plus `contactId`, `complaintId`, `facilityId`, `holdingId` or `flagId` where the route has that path parameter). ' +
      'Each line runs through the route its type names, as the caller, and is authorized, validated and made ' +
      'idempotent exactly as that route would do it alone. The answer streams one NDJSON line per command, in line ' +
      'order: `{line, status, id?, revision?, position?, error?}`, `status` being the HTTP status the route gave ' +
      'and `error` its error body; a bad line fails alone. Lines of one client apply in file order. A stream that ' +
      'runs past 50 MiB without a Content-Length ends with a 413 line and is not read further. An Idempotency-Key ' +
      'header on the batch itself is refused (400): keys go on the lines.',
  })
  @Roles(...WRITERS)
  @Post()
  @HttpCode(200)
  @ApiConsumes(NDJSON)
  @ApiProduces(NDJSON)
  @ApiBatchDocumentation()
  @ApiErrorResponses(400, 401, 403, 413, 415, 429, 503)
  run(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest & RequestWithPrincipal,
    @Res() reply: FastifyReply,
  ): FastifyReply {
    assertMayRunLines(principal);
    if (request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() !== NDJSON) {
      throw new ApiError(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', `Send the batch with Content-Type: ${NDJSON}.`);
    }
    // A key for the whole stream would replay nothing useful: the answer is streamed line by line.
    if (request.headers['idempotency-key'] !== undefined) {
      throw new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [
        { field: 'Idempotency-Key', message: 'is not taken on a batch: give each line its own idempotencyKey' },
      ]);
    }
    if (Number(request.headers['content-length'] ?? 0) > BATCH_LIMIT_BYTES)
      throw new ApiError(413, TOO_LARGE.code, TOO_LARGE.message);
    const input = ndjsonLines(request.raw);
    const results = this.runner.run(input.lines, {
      authorization: request.headers.authorization ?? '',
      correlationId: TOKEN_PATTERN.test(request.id) ? request.id : 'batch',
      requestId: request.id,
      raw: request.raw,
    });
    async function* answer(): AsyncGenerator<string> {
      let last = 0;
      for await (const result of results) {
        last = result.line;
        yield `${JSON.stringify(result)}\n`;
      }
      if (!input.tooLarge()) return;
      const final: BatchLineResult = { line: last + 1, status: 413, error: TOO_LARGE };
      yield `${JSON.stringify(final)}\n`;
    }
    return reply.header('content-type', NDJSON).send(Readable.from(answer()));
  }
}
