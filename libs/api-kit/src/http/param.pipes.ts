import { Injectable, type PipeTransform } from '@nestjs/common';
import { ApiError } from '@crm/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

const invalidParam = (field: string, message: string) =>
  new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [{ field, message }]);

/** A path id that must be a uuid (clients, contacts, flags …), lower-cased so ids compare exactly. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}
  transform(value: string): string {
    if (!UUID.test(value)) throw invalidParam(this.field, `${this.field} must be a uuid`);
    return value.toLowerCase();
  }
}

/** A path id chosen by the bank (manager staff ids, facility ids): letters, digits and _ . - */
@Injectable()
export class CodeParam implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}
  transform(value: string): string {
    if (!CODE.test(value)) throw invalidParam(this.field, `${this.field} must be 1–64 letters, digits, _ . -`);
    return value;
  }
}
