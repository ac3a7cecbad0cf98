import { internalServiceLevelsOf, serviceLevelWindow, type EndedServiceTime } from './internal-service-levels';

const DEPARTMENTS = [
  { id: 'service', name: 'Client service', kind: 'service' },
  { id: 'credit-approval', name: 'Credit approval', kind: 'credit' },
  { id: 'cards', name: 'Cards', kind: 'product' },
];
// Q3 2026 in Shanghai: 2026-06-30T16:00Z up to 2026-09-30T16:00Z.
const WINDOW = serviceLevelWindow('2026-07-01', '2026-09-30', 'Asia/Shanghai');
const TARGETS = { credit_approval: 48, feedback_answer: 240 };

const work = (
  measure: EndedServiceTime['measure'],
  departmentId: string,
  startedAt: string,
  hours: number,
  dueAt: string | null = null,
): EndedServiceTime => ({
  measure,
  departmentId,
  startedAt,
  endedAt: new Date(Date.parse(startedAt) + hours * 3_600_000).toISOString(),
  dueAt,
});

describe('internalServiceLevelsOf', () => {
  it('takes the window from the first day to the last, both whole days of the bank calendar', () => {
    expect(WINDOW.start).toBe('2026-06-30T16:00:00.000Z');
    expect(WINDOW.end).toBe('2026-09-30T16:00:00.000Z');
  });

  it('gives nearest-rank p50/p90 and the share within each deadline, per department and measure', () => {
    const ended = [
      // Credit approval: 10, 20, 30, 50, 70 hours against 48 hours: 3 of 5 in time.
      ...[10, 20, 30, 50, 70].map((h) => work('credit_approval', 'credit-approval', '2026-07-10T00:00:00.000Z', h)),
      // Complaints against their own deadlines: one met, one missed by a minute, one with none.
      work('complaint_resolution', 'service', '2026-08-01T00:00:00.000Z', 24, '2026-08-02T00:00:00.000Z'),
      work('complaint_resolution', 'service', '2026-08-01T00:00:00.000Z', 24, '2026-08-01T23:59:00.000Z'),
      work('complaint_resolution', 'service', '2026-08-01T00:00:00.000Z', 100),
      // Finished after the window: not counted.
      work('credit_approval', 'credit-approval', '2026-09-30T10:00:00.000Z', 7),
    ];
    const ratings = [
      { departmentId: 'credit-approval', score: 5 },
      { departmentId: 'credit-approval', score: 2 },
      { departmentId: 'credit-approval', score: 4 },
    ];
    const report = internalServiceLevelsOf(WINDOW, DEPARTMENTS, ended, ratings, TARGETS);
    expect(report.items.map((i) => i.departmentId)).toEqual(['service', 'credit-approval', 'cards']);
    const [service, credit, cards] = report.items;
    expect(credit.measures).toEqual([
      {
        measure: 'credit_approval',
        completed: 5,
        p50Hours: 30,
        p90Hours: 70,
        targetHours: 48,
        withTarget: 5,
        withinTarget: 3,
        withinTargetShare: 0.6,
      },
    ]);
    expect(credit.satisfaction).toEqual({ ratings: 3, averageScore: 3.67, satisfiedShare: 2 / 3 });
    expect(service.measures).toEqual([
      {
        measure: 'complaint_resolution',
        completed: 3,
        p50Hours: 24,
        p90Hours: 100,
        targetHours: null,
        withTarget: 2,
        withinTarget: 1,
        withinTargetShare: 0.5,
      },
    ]);
    expect(cards).toEqual({
      departmentId: 'cards',
      name: 'Cards',
      kind: 'product',
      measures: [],
      satisfaction: { ratings: 0, averageScore: null, satisfiedShare: null },
    });
  });

  it('reports a department the work names but the directory no longer holds, after the others', () => {
    const report = internalServiceLevelsOf(
      WINDOW,
      DEPARTMENTS,
      [work('feedback_answer', 'retired-desk', '2026-07-01T00:00:00.000Z', 300)],
      [],
      TARGETS,
    );
    expect(report.items.at(-1)).toMatchObject({
      departmentId: 'retired-desk',
      name: 'retired-desk',
      kind: null,
      measures: [{ measure: 'feedback_answer', completed: 1, withTarget: 1, withinTarget: 0 }],
    });
  });
});
