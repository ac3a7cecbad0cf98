import { upcastPaymentPastDueV1 } from '@crm/domain';
import { UpcasterRegistry } from './upcaster-registry';

/**
 * The upcasters of the domain's events. Dating an old past-due report needs the bank's time zone
 * (its "today" was a date on the bank's wall clock), so the registry is built per deployment.
 */
export const domainUpcasters = (timeZone: string): UpcasterRegistry =>
  new UpcasterRegistry().register('PaymentPastDue', 1, (data, { recordedAt }) =>
    upcastPaymentPastDueV1(data, recordedAt, timeZone),
  );
