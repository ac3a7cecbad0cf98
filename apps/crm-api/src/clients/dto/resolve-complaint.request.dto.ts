import { TextField } from '@crm/api-kit';

export class ResolveComplaintRequestDto {
  @TextField(4000)
  resolution!: string;
}
