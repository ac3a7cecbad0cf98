import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, ApiError, type AppConfig } from '@crm/platform';
import { ClientViewQueries } from '@crm/read-models';

/**
 * `minPosition` on any query: wait (bounded) until the projections have reached a position a
 * write returned, then answer; past the bound, 503 with a retry hint rather than stale data.
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    private readonly queries: ClientViewQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async reach(minPosition: string | undefined): Promise<void> {
    if (minPosition === undefined) return;
    if (await this.queries.waitForPosition(BigInt(minPosition), this.config.readYourWritesTimeoutMs)) return;
    throw new ApiError(
      503,
      'READ_MODEL.NOT_CAUGHT_UP',
      'The view has not caught up with that position yet; retry shortly.',
      [],
      {
        'Retry-After': '1',
      },
    );
  }
}
