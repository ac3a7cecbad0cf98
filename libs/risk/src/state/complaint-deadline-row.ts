import type { ComplaintDeadlineEntry } from './risk-state-store.port';

/** A `risk_complaint_deadline` row as both SQL stores read it (flags as 0/1 or booleans). */
export const complaintEntryOf = <F>(
  row: Readonly<{
    acknowledge_by: string | null;
    due_by: string;
    acknowledged: F;
    escalated_ack: F;
    escalated_res: F;
  }>,
  isSet: (flag: F) => boolean,
): ComplaintDeadlineEntry => ({
  acknowledgeBy: row.acknowledge_by,
  dueBy: row.due_by,
  acknowledged: isSet(row.acknowledged),
  escalated: [
    ...(isSet(row.escalated_ack) ? (['acknowledgement'] as const) : []),
    ...(isSet(row.escalated_res) ? (['resolution'] as const) : []),
  ],
});
