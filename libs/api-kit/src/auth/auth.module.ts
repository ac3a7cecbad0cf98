import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { findDepartment, type DepartmentDirectory } from '@crm/domain';
import { APP_CONFIG, type AppConfig } from '@crm/platform';
import { DEPARTMENT_DIRECTORY } from '../departments/department-directory.module';
import { CallerThrottlerGuard } from '../throttling/caller-throttler.guard';
import { throttlerOptionsFor } from '../throttling/throttler-options';
import { BearerAuthenticator } from './bearer-authenticator';
import { HmacTokenKeys } from './hmac-token-keys';
import { JwksTokenKeys } from './jwks-token-keys';
import { JwtAuthGuard } from './jwt-auth.guard';
import { TOKEN_KEYS, type TokenKeys } from './token-keys';
import { TokenService } from './token.service';

/** With JWT_JWKS_URL, the identity provider's keys and nothing else; otherwise JWT_SECRET. */
const tokenKeysFor = (config: AppConfig): TokenKeys | Promise<TokenKeys> =>
  config.jwtJwksUrl !== null ? JwksTokenKeys.create(config.jwtJwksUrl) : new HmacTokenKeys(config.jwtSecret);

/**
 * Who is calling and whether they may call now: token verification, the authentication guard
 * and the per-caller rate limit, which needs the verified caller and so lives here.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => throttlerOptionsFor(config),
    }),
  ],
  providers: [
    { provide: TOKEN_KEYS, inject: [APP_CONFIG], useFactory: tokenKeysFor },
    {
      provide: TokenService,
      // The departments are optional so that apps and specs without them (the alert feed's) keep this module.
      inject: [TOKEN_KEYS, APP_CONFIG, { token: DEPARTMENT_DIRECTORY, optional: true }],
      useFactory: (keys: TokenKeys, config: AppConfig, departments?: DepartmentDirectory) =>
        new TokenService(keys, {
          issuer: config.jwtIssuer,
          audience: config.jwtAudience,
          clockToleranceSeconds: config.jwtClockToleranceSeconds,
          ...(departments === undefined
            ? {}
            : { knownDepartment: (id: string) => findDepartment(departments, id) !== null }),
        }),
    },
    BearerAuthenticator,
    // Global guards run in the order they are provided: the limiter first, so requests with a
    // refused token are counted (against their IP) before the 401, and floods of them throttled.
    { provide: APP_GUARD, useClass: CallerThrottlerGuard },
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [TokenService, BearerAuthenticator],
})
export class AuthModule {}
