import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AuthConfig } from '@crm/platform';

const ONE_MINUTE_MS = 60_000;

/**
 * RATE_LIMIT_PER_MINUTE requests in any sliding minute (blockDuration 0: refused requests do not
 * extend the wait); 0 turns the limiter off. In-memory: each API instance counts on its own,
 * so behind N instances a caller gets up to N times the limit.
 */
export const throttlerOptionsFor = (config: Pick<AuthConfig, 'rateLimitPerMinute'>): ThrottlerModuleOptions => ({
  skipIf: () => config.rateLimitPerMinute === 0,
  throttlers: [
    { name: 'default', ttl: ONE_MINUTE_MS, limit: Math.max(1, config.rateLimitPerMinute), blockDuration: 0 },
  ],
});
