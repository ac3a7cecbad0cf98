import { AgendaQueries, FeedbackQueries, type FeedbackQueuePage } from '@crm/read-models';
import { projectedReadModels } from './projected-read-models';
import type { ReadModelStoreFactory } from './read-model-store.contract';
import { RecordedLog } from './recorded-events';

const clientId = (n: number): string => `0190a4c2-00fb-7000-8000-${n.toString(16).padStart(12, '0')}`;
const stream = (n: number): string => `client-${clientId(n)}`;
const day = (d: number, hour = 2): string => new Date(Date.UTC(2026, 4, d, hour)).toISOString();

/**
 * Three clients and the feedback their managers forwarded in May 2026 (times UTC):
 *
 * | feedback | client (branch, manager) | department        | product, theme      | forwarded | then                                        |
 * |----------|--------------------------|-------------------|---------------------|-----------|---------------------------------------------|
 * | f-1      | 1 (BR-A, M-1)            | cards             | CARD-GOLD, pricing  | 2nd       | under review 6th, accepted 8th, implemented 12th |
 * | f-2      | 1 (BR-A, M-1)            | cards             | CARD-GOLD, features | 3rd       | declined 7th, straight from received        |
 * | f-3      | 2 (BR-A, M-2)            | wealth-management | WM-1, none          | 4th       | nothing                                     |
 * | f-4      | 3 (BR-B, M-3)            | cards             | CARD-GOLD, pricing  | 5th       | under review 9th                            |
 */
const buildLog = (): RecordedLog => {
  const log = new RecordedLog();
  const client = (n: number, branchId: string, managerId: string): void => {
    log.coveredClient(clientId(n), {
      branchId,
      managerId,
      legalName: `Feedback Client ${n}`,
      registrationNo: `RN-FB-${n}`,
    });
  };
  const forward = (n: number, feedbackId: string, department: string, at: string, extra: object): void => {
    log.append(
      stream(n),
      { type: 'FeedbackForwarded', data: { feedbackId, department, text: 'Secret feedback text', ...extra } },
      { occurredAt: at },
    );
  };
  const change = (n: number, feedbackId: string, department: string, status: string, at: string): void => {
    log.append(stream(n), {
      type: 'FeedbackStatusChanged',
      data: { feedbackId, department, status, answer: 'Secret answer', changedBy: 'u-dept', changedAt: at },
    });
  };
  client(1, 'BR-A', 'M-1');
  client(2, 'BR-A', 'M-2');
  client(3, 'BR-B', 'M-3');
  forward(1, 'f-1', 'cards', day(2), { productCode: 'CARD-GOLD', theme: 'pricing' });
  forward(1, 'f-2', 'cards', day(3), { productCode: 'CARD-GOLD', theme: 'features' });
  forward(2, 'f-3', 'wealth-management', day(4), { productCode: 'WM-1' });
  forward(3, 'f-4', 'cards', day(5), { productCode: 'CARD-GOLD', theme: 'pricing' });
  change(1, 'f-1', 'cards', 'under_review', day(6));
  change(1, 'f-2', 'cards', 'declined', day(7));
  change(1, 'f-1', 'cards', 'accepted', day(8));
  change(3, 'f-4', 'cards', 'under_review', day(9));
  change(1, 'f-1', 'cards', 'implemented', day(12));
  return log;
};

const ids = (page: FeedbackQueuePage): string[] => page.items.map((item) => item.feedbackId);

/** The departments' queues, the products' counts and the answers on the agenda, on a store the projector filled. */
export function feedbackQueueContract(name: string, factory: ReadModelStoreFactory): void {
  describe(`FeedbackQueries contract: ${name}`, () => {
    const projected = projectedReadModels(factory, buildLog, (store) => new FeedbackQueries(store));

    it("lists a department's queue oldest forwarded first, with when each was answered, decided and closed", async () => {
      const page = await projected.queries.queue({ department: 'cards', limit: 50 });
      expect(page.items).toEqual([
        {
          feedbackId: 'f-1',
          clientId: clientId(1),
          branchId: 'BR-A',
          managerId: 'M-1',
          department: 'cards',
          productCode: 'CARD-GOLD',
          theme: 'pricing',
          status: 'implemented',
          forwardedAt: day(2),
          answeredAt: day(6),
          decidedAt: day(8),
          closedAt: day(12),
        },
        expect.objectContaining({
          feedbackId: 'f-2',
          status: 'declined',
          answeredAt: day(7),
          decidedAt: day(7),
          closedAt: day(7),
        }),
        expect.objectContaining({
          feedbackId: 'f-4',
          branchId: 'BR-B',
          status: 'under_review',
          answeredAt: day(9),
          decidedAt: null,
          closedAt: null,
        }),
      ]);
      expect(page.nextCursor).toBeNull();
      expect(JSON.stringify(page)).not.toMatch(/Secret/);
      expect(await projected.queries.queue({ department: 'wealth-management', limit: 50 })).toEqual({
        items: [expect.objectContaining({ feedbackId: 'f-3', theme: null, status: 'received', answeredAt: null })],
        nextCursor: null,
      });
      expect(ids(await projected.queries.queue({ department: 'operations', limit: 50 }))).toEqual([]);
    });

    it('filters by status in the SQL, and pages on the cursor', async () => {
      expect(
        ids(await projected.queries.queue({ department: 'cards', statuses: ['under_review'], limit: 50 })),
      ).toEqual(['f-4']);
      expect(
        ids(await projected.queries.queue({ department: 'cards', statuses: ['implemented', 'declined'], limit: 50 })),
      ).toEqual(['f-1', 'f-2']);
      const first = await projected.queries.queue({ department: 'cards', limit: 2 });
      expect(ids(first)).toEqual(['f-1', 'f-2']);
      const second = await projected.queries.queue({ department: 'cards', limit: 2, cursor: first.nextCursor ?? '' });
      expect([ids(second), second.nextCursor]).toEqual([['f-4'], null]);
    });

    it("finds a feedback in its own department's queue only", async () => {
      expect(await projected.queries.inQueue('wealth-management', 'f-3')).toMatchObject({ clientId: clientId(2) });
      expect(await projected.queries.inQueue('cards', 'f-3')).toBeNull();
      expect(await projected.queries.inQueue('cards', 'f-9')).toBeNull();
    });

    it("counts a product's feedback by theme and by status, every theme and status present", async () => {
      expect(await projected.queries.product('CARD-GOLD')).toEqual({
        productCode: 'CARD-GOLD',
        total: 3,
        byTheme: {
          pricing: 2,
          features: 1,
          service_quality: 0,
          process: 0,
          digital: 0,
          other: 0,
          unrecorded: 0,
        },
        byStatus: { received: 0, under_review: 1, accepted: 0, implemented: 1, declined: 1 },
      });
      expect(await projected.queries.product('WM-1')).toMatchObject({ total: 1, byTheme: { unrecorded: 1 } });
      expect(await projected.queries.product('NONE')).toMatchObject({ total: 0, byStatus: { received: 0 } });
    });

    it("puts each latest answer on the client's manager's agenda, for 14 days after it came", async () => {
      const agendas = new AgendaQueries(projected.store);
      const window = { from: new Date(day(12, 0)), to: new Date(day(19, 0)) };
      const soon = await agendas.agenda('M-1', window, new Date(day(12, 3)));
      expect([...soon.overdue, ...soon.items].map((entry) => [entry.kind, entry.id, entry.due, entry.title])).toEqual([
        ['feedback_answer', 'f-2', day(7), 'Answer from cards: declined'],
        ['feedback_answer', 'f-1', day(12), 'Answer from cards: implemented'],
      ]);
      expect(soon.overdue.every((entry) => !entry.overdue)).toBe(true);
      // f-2's answer came on the 7th: gone after the 21st; f-1's on the 12th: there until the 26th.
      const later = await agendas.agenda('M-1', { from: new Date(day(22)), to: new Date(day(29)) }, new Date(day(22)));
      expect([...later.overdue, ...later.items].map((entry) => entry.id)).toEqual(['f-1']);
      const gone = await agendas.agenda('M-1', { from: new Date(day(27)), to: new Date(day(31)) }, new Date(day(27)));
      expect([...gone.overdue, ...gone.items]).toEqual([]);
      expect((await agendas.agenda('M-2', window, new Date(day(12, 3)))).items).toEqual([]);
    });

    it("moves a client's feedback and its answers to the manager it is reassigned to", async () => {
      projected.log.append(stream(1), {
        type: 'ManagerAssigned',
        data: { managerId: 'M-2', managerLevel: 'senior', reason: 'y' },
      });
      await projected.project(projected.log.events);
      expect(
        (await projected.queries.queue({ department: 'cards', limit: 50 })).items.map((item) => item.managerId),
      ).toEqual(['M-2', 'M-2', 'M-3']);
      const agendas = new AgendaQueries(projected.store);
      const window = { from: new Date(day(12, 0)), to: new Date(day(19, 0)) };
      const theirs = await agendas.agenda('M-2', window, new Date(day(12, 3)));
      expect([...theirs.overdue, ...theirs.items].map((entry) => entry.id)).toEqual(['f-2', 'f-1']);
    });
  });
}
