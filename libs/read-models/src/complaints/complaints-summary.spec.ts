import {
  bankMonthOf,
  complaintsSummaryOf,
  hoursBetween,
  isReportMonth,
  monthWindow,
  nearestRank,
  type ComplaintSummaryRow,
} from './complaints-summary';

const SHANGHAI = 'Asia/Shanghai';

describe('monthWindow', () => {
  it('starts and ends a month at midnight on the bank’s wall clock', () => {
    expect(monthWindow('2026-03', SHANGHAI)).toEqual({
      month: '2026-03',
      timeZone: SHANGHAI,
      from: '2026-02-28T16:00:00.000Z',
      to: '2026-03-31T16:00:00.000Z',
    });
    expect(monthWindow('2026-12', SHANGHAI).to).toBe('2026-12-31T16:00:00.000Z');
    // Across a change of offset (New York's summer time starts on 8 March 2026).
    expect(monthWindow('2026-03', 'America/New_York')).toMatchObject({
      from: '2026-03-01T05:00:00.000Z',
      to: '2026-04-01T04:00:00.000Z',
    });
  });

  it('names the bank month of an instant, and accepts YYYY-MM months only', () => {
    expect(bankMonthOf(Date.parse('2026-03-31T16:30:00.000Z'), SHANGHAI)).toBe('2026-04');
    expect(bankMonthOf(Date.parse('2026-03-31T15:59:59.999Z'), SHANGHAI)).toBe('2026-03');
    expect(['2026-01', '2026-12'].every(isReportMonth)).toBe(true);
    expect(['2026-13', '2026-00', '2026-3', '26-03', '2026-03-01', 202603].some(isReportMonth)).toBe(false);
    expect(() => monthWindow('2026-13', SHANGHAI)).toThrow(RangeError);
  });
});

describe('nearestRank', () => {
  it('is the value at rank ⌈p·n/100⌉ of the sorted values', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([nearestRank(values, 50), nearestRank(values, 90)]).toEqual([5, 9]);
    expect([nearestRank([7], 50), nearestRank([7], 90)]).toEqual([7, 7]);
    expect([nearestRank([1, 2, 3], 50), nearestRank([1, 2, 3], 90)]).toEqual([2, 3]);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7], 90)).toBe(7);
    expect(nearestRank([], 50)).toBeNull();
  });

  it('measures hours to two decimals', () => {
    expect(hoursBetween('2026-03-01T00:00:00.000Z', '2026-03-02T01:20:00.000Z')).toBe(25.33);
  });
});

describe('complaintsSummaryOf', () => {
  const window = monthWindow('2026-03', SHANGHAI);
  /** Received (Shanghai wall clock → UTC) with the default deadlines: 2 business days, 15 days. */
  const row = (id: string, overrides: Partial<ComplaintSummaryRow>): ComplaintSummaryRow => ({
    complaintId: id,
    category: 'fees',
    severity: 'medium',
    receivedAt: '2026-03-02T02:00:00.000Z',
    acknowledgeBy: '2026-03-04T02:00:00.000Z',
    dueBy: '2026-03-17T02:00:00.000Z',
    acknowledgedAt: null,
    resolvedAt: null,
    ...overrides,
  });
  const rows: ComplaintSummaryRow[] = [
    // In March, resolved in time in 48 hours, acknowledged at the deadline itself (in time).
    row('a', { acknowledgedAt: '2026-03-04T02:00:00.000Z', resolvedAt: '2026-03-04T02:00:00.000Z' }),
    // In March (the first minute, Shanghai), resolved late after 20 days.
    row('b', {
      category: 'service',
      severity: 'high',
      receivedAt: '2026-02-28T16:00:00.000Z',
      acknowledgeBy: '2026-03-03T16:00:00.000Z',
      dueBy: '2026-03-15T16:00:00.000Z',
      acknowledgedAt: '2026-03-05T00:00:00.000Z',
      resolvedAt: '2026-03-20T16:00:00.000Z',
    }),
    // In March, still open.
    row('c', { category: 'service', severity: 'low', receivedAt: '2026-03-31T15:59:59.999Z' }),
    // February (Shanghai), resolved in March in time: counted among March's resolutions only.
    row('d', {
      receivedAt: '2026-02-28T15:59:59.999Z',
      acknowledgeBy: '2026-03-03T15:59:59.999Z',
      dueBy: '2026-03-15T15:59:59.999Z',
      acknowledgedAt: '2026-02-28T15:59:59.999Z',
      resolvedAt: '2026-03-10T15:59:59.999Z',
    }),
    // Recorded before severities and deadlines: counted, never in or out of time.
    row('e', {
      category: 'advice',
      severity: null,
      acknowledgeBy: null,
      dueBy: null,
      receivedAt: '2026-03-10T00:00:00.000Z',
      resolvedAt: '2026-03-11T00:00:00.000Z',
    }),
    // April (Shanghai): out of the month entirely.
    row('f', { receivedAt: '2026-03-31T16:00:00.000Z', resolvedAt: '2026-04-01T00:00:00.000Z' }),
  ];

  it('counts the month’s complaints by category and severity, and its resolutions and acknowledgements against their deadlines', () => {
    expect(complaintsSummaryOf('BR-1', window, rows)).toEqual({
      branchId: 'BR-1',
      ...window,
      received: {
        total: 4,
        byCategory: [
          { category: 'service', count: 2 },
          { category: 'advice', count: 1 },
          { category: 'fees', count: 1 },
        ],
        bySeverity: { low: 1, medium: 1, high: 1, unrecorded: 1 },
      },
      resolved: {
        total: 4,
        withDeadline: 3,
        inTime: 2,
        inTimeShare: 2 / 3,
        // a 48, b 480, d 240, e 24 hours: sorted 24, 48, 240, 480; p50 rank 2, p90 rank 4.
        resolutionHours: { p50: 48, p90: 480 },
      },
      // a at its deadline (in time), b late; d was acknowledged in February.
      acknowledged: { total: 2, withDeadline: 2, inTime: 1, inTimeShare: 0.5 },
    });
  });

  it('gives null shares and percentiles for a month without resolutions or acknowledgements', () => {
    const summary = complaintsSummaryOf('BR-1', monthWindow('2025-07', SHANGHAI), rows);
    expect(summary.received).toEqual({
      total: 0,
      byCategory: [],
      bySeverity: { low: 0, medium: 0, high: 0, unrecorded: 0 },
    });
    expect(summary.resolved).toEqual({
      total: 0,
      withDeadline: 0,
      inTime: 0,
      inTimeShare: null,
      resolutionHours: { p50: null, p90: null },
    });
    expect(summary.acknowledged.inTimeShare).toBeNull();
  });
});
