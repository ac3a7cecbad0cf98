import { COMPLAINT_CHANNELS, COMPLAINT_SEVERITIES, type ComplaintChannel, type ComplaintSeverity } from '@crm/domain';
import { CodeField, EnumField, TextField, TimeField } from '@crm/api-kit';

export class ReceiveComplaintRequestDto {
  @CodeField(64, { example: 'fees' })
  category!: string;

  @TextField(4000)
  text!: string;

  @EnumField(COMPLAINT_SEVERITIES, { optional: true, description: 'Default: medium.' })
  severity?: ComplaintSeverity;

  @EnumField(COMPLAINT_CHANNELS, { optional: true, description: 'How it reached the bank.' })
  channel?: ComplaintChannel;

  @TimeField({
    optional: true,
    example: '2026-11-30T10:00:00+08:00',
    description:
      'When it reached the bank (a letter logged the next day keeps its day); never in the future; the time of the request when left out. The deadlines run from it.',
  })
  receivedAt?: string;

  @CodeField(128, {
    optional: true,
    description: 'Who owns it from the start (a staff id); else whoever acknowledges it.',
  })
  ownerId?: string;
}
