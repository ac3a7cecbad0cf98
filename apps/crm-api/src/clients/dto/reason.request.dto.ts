import { TextField } from '@crm/api-kit';

/** Body of the closing routes (clear a flag, close a holding) that only need a reason. */
export class ReasonRequestDto {
  @TextField(500)
  reason!: string;
}
