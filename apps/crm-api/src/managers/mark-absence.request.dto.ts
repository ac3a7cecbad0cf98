import { TextField, TimeField } from '@crm/api-kit';

export class MarkAbsenceRequestDto {
  @TimeField({
    example: '2026-12-18T18:00:00+08:00',
    description: 'When the absence ends by itself; later than the time of the request. It starts now.',
  })
  until!: string;

  @TextField(500, { example: 'annual leave' })
  reason!: string;
}
