import { createHash } from 'node:crypto';
import {
  Inject,
  Injectable,
  RequestMethod,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, mergeMap, of, type Observable } from 'rxjs';
import { ApiError, TOKEN_PATTERN } from '@crm/platform';
import type { RequestWithPrincipal } from '../auth/auth.decorators';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from './idempotency.store';

export type IdempotentRequest = FastifyRequest &
  RequestWithPrincipal & { idempotency?: Readonly<{ scope: string; key: string }> };

/**
 * `Idempotency-Key` on a write: the first answer is stored and replayed for the same key and
 * body; the same key with another body is 422; a concurrent duplicate is 409. Keys are scoped per
 * caller and route, so one user can never replay another's answer.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<IdempotentRequest>();
    const header = request.headers['idempotency-key'];
    if (header === undefined || request.method === 'GET' || !request.principal) return next.handle();
    if (typeof header !== 'string' || !TOKEN_PATTERN.test(header)) {
      throw new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [
        { field: 'Idempotency-Key', message: 'must be 1–128 characters of letters, digits and _ . : -' },
      ]);
    }

    const scope = `${request.principal.userId} ${request.method} ${request.url}`;
    const hash = createHash('sha256')
      .update(JSON.stringify(request.body ?? null))
      .digest('hex');
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const status = this.statusFor(context, request.method);
    return from(this.store.claim(scope, header, hash, new Date())).pipe(
      mergeMap((claim) => {
        switch (claim.outcome) {
          case 'mismatch':
            throw new ApiError(
              422,
              'IDEMPOTENCY.KEY_REUSED',
              'This Idempotency-Key was used with a different request.',
            );
          case 'in_progress':
            throw new ApiError(
              409,
              'IDEMPOTENCY.IN_PROGRESS',
              'A request with this Idempotency-Key is still in progress.',
              [],
              {
                'Retry-After': '1',
              },
            );
          case 'replay':
            void reply.header('Idempotent-Replayed', 'true');
            void reply.status(claim.response.status);
            return of(claim.response.body);
          case 'claimed':
            request.idempotency = { scope, key: header };
            return from(this.run(next, scope, header, reply, status));
        }
      }),
    );
  }

  private async run(
    next: CallHandler,
    scope: string,
    key: string,
    reply: FastifyReply,
    declared: number,
  ): Promise<unknown> {
    try {
      const body: unknown = await lastValueFrom(next.handle());
      // A handler may answer other than its declared status (202 for a change held for approval):
      // the replay answers what the first request did.
      const status = reply.statusCode >= 200 && reply.statusCode < 300 ? reply.statusCode : declared;
      await this.store.complete(scope, key, { status, body }, new Date());
      return body;
    } catch (error) {
      await this.store.release(scope, key);
      throw error;
    }
  }

  private statusFor(context: ExecutionContext, method: string): number {
    const declared = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler());
    return declared ?? (method === RequestMethod[RequestMethod.POST] ? 201 : 200);
  }
}
