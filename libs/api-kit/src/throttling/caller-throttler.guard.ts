import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { BearerAuthenticator, type RequestWithHeaders } from '../auth/bearer-authenticator';
import { ApiError } from '@crm/platform';
import { isInternalRequest } from './internal-request';

/**
 * Rate limiting per caller, across all routes: an authenticated caller is counted by the `sub`
 * of a verified token (so a shared NAT does not throttle a whole branch), anyone else by IP
 * address (an unverified token's `sub` is not trusted: it could drain someone else's budget).
 * Refusals are 429 with Retry-After and the usual error body.
 */
@Injectable()
export class CallerThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly authenticator: BearerAuthenticator,
  ) {
    super(options, storage, reflector);
  }

  // The parent's signature takes Record<string, any>; what is read here is typed below.
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = await this.authenticator.principalOf(request as RequestWithHeaders);
    return principal ? `user:${principal.userId}` : `ip:${await super.getTracker(request)}`;
  }

  /** A batch's lines, sent through their routes by the API itself, were counted as one request. */
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithHeaders>();
    return isInternalRequest(request.headers) || super.shouldSkip(context);
  }

  /** One budget per caller, not per route: the parent's key includes the handler. */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = String(Math.max(1, detail.timeToBlockExpire));
    throw new ApiError(429, 'REQUEST.RATE_LIMITED', 'Too many requests; retry after the time in Retry-After.', [], {
      'Retry-After': seconds,
    });
  }
}
