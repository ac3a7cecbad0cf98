import { TextField } from '@crm/platform';

export class ResolveComplaintRequestDto {
  @TextField(4000)
  resolution!: string;
}
