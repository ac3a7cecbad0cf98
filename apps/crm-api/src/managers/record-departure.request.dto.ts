import { TextField, TimeField } from '@crm/api-kit';

export class RecordDepartureRequestDto {
  @TimeField({
    optional: true,
    example: '2026-11-30T18:00:00+08:00',
    description: 'When the manager left; the time of the request when left out. Never in the future.',
  })
  departedAt?: string;

  @TextField(500, { example: 'resigned' })
  reason!: string;
}
