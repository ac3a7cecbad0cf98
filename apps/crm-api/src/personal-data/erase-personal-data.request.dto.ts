import { TextField } from '@crm/api-kit';

/** Body of `DELETE /v1/clients/:id/personal-data`. */
export class ErasePersonalDataRequestDto {
  /**
   * The legal ground and reference of the request (e.g. "PIPL art. 47, ticket DPO-2026-0117"). It is
   * kept in the clear as the record of the erasure, so it must not contain the client's personal data.
   */
  @TextField(500, {
    description: 'Legal basis and ticket reference; kept as the record of the erasure, so no personal data.',
  })
  basis!: string;
}
