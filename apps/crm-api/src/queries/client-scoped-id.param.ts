import { Injectable, type PipeTransform } from '@nestjs/common';
import { ApiError } from '@crm/platform';

/** `<clientUuid>.<n>`, as risk cases and credit proposals are numbered per client (clientScopedId). */
const CLIENT_SCOPED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[1-9]\d{0,6}$/i;

/** A path id of a client's n-th risk case or credit proposal; the client uuid in it is lower-cased, as client ids are stored. */
@Injectable()
export class ClientScopedIdParam implements PipeTransform<string, string> {
  constructor(
    private readonly field: string,
    private readonly counted = 'an episode',
  ) {}

  transform(value: string): string {
    if (!CLIENT_SCOPED_ID.test(value)) {
      throw new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [
        { field: this.field, message: `${this.field} must be a client id and ${this.counted}, e.g. <uuid>.1` },
      ]);
    }
    return value.toLowerCase();
  }
}
