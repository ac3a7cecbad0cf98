import { Injectable } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { Metrics } from '@crm/platform';
import type { BatchLineTypeName } from './batch-line-types';

/** What a line is counted under when its envelope could not be read (no type to name). */
export const UNREAD_LINE = 'unread';

/**
 * Batch lines by type and status. A line runs its route's handler without a request of its own,
 * so the per-request HTTP series never see it: this is where its outcome shows. Both labels are
 * bounded (the line types of batch-line-types.ts, HTTP status codes).
 */
@Injectable()
export class BatchMetrics {
  private readonly lines: Counter<'type' | 'status'>;

  constructor(metrics: Metrics) {
    this.lines = metrics.counter('crm_batch_lines_total', 'Lines of POST /v1/batches answered, by type and status', [
      'type',
      'status',
    ]);
  }

  answered(type: BatchLineTypeName | typeof UNREAD_LINE, status: number): void {
    this.lines.inc({ type, status: String(status) });
  }
}
