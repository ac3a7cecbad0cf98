import { AgendaQueries, type Agenda } from '@crm/read-models';
import { projectedReadModels } from './projected-read-models';
import type { ReadModelStoreFactory } from './read-model-store.contract';
import { RecordedLog } from './recorded-events';

const clientId = (n: number): string => `0190a4c2-00ca-7000-8000-${n.toString(16).padStart(12, '0')}`;
const stream = (n: number): string => `client-${clientId(n)}`;

/**
 * Three clients of manager M-1 and their agenda entries, due in March 2026:
 *
 * | client | branch | entry                            | due            | for  |
 * |--------|--------|----------------------------------|----------------|------|
 * | 1      | BR-A   | follow-up of contact k-1         | 2nd 09:00      | M-1  |
 * | 1      | BR-A   | visit v-1 (product_promotion)                | 3rd 10:00      | M-1  |
 * | 1      | BR-A   | task t-1 "Send the tariff"       | 9th 17:00      | M-1  |
 * | 2      | BR-B   | visit v-2, then cancelled        | –              | –    |
 * | 2      | BR-B   | task t-2 "Collect statements"    | 4th 12:00      | M-1  |
 * | 2      | BR-B   | task t-3 for another manager     | 4th 12:00      | M-2  |
 * | 3      | BR-A   | core, never contacted            | –              | M-1  |
 */
const buildLog = (): RecordedLog => {
  const log = new RecordedLog();
  const client = (n: number, branchId: string): void => {
    log.append(stream(n), {
      type: 'ProspectRegistered',
      data: {
        clientId: clientId(n),
        branchId,
        segment: 'sme',
        industry: 'retail',
        legalName: `Agenda Client ${n}`,
        registrationNo: `RN-AG-${n}`,
        contact: {},
        source: 'branch',
      },
    });
    log.append(stream(n), { type: 'ProspectConverted', data: { convertedAt: '2026-01-05T09:00:00.000Z' } });
    log.append(stream(n), { type: 'ManagerAssigned', data: { managerId: 'M-1', managerLevel: 'senior', reason: 'x' } });
  };
  client(1, 'BR-A');
  client(2, 'BR-B');
  client(3, 'BR-A');
  log.append(stream(3), { type: 'ClientTierChanged', data: { from: null, to: 'core', reason: 'review' } });
  log.append(stream(1), {
    type: 'ContactLogged',
    data: {
      contactId: 'k-1',
      managerId: 'M-1',
      channel: 'call',
      purpose: 'consultation',
      summary: 'Rate offer',
      occurredAt: '2026-02-27T09:00:00.000Z',
      followUpDue: '2026-03-02T09:00:00.000Z',
    },
  });
  log.append(stream(1), {
    type: 'VisitPlanned',
    data: { visitId: 'v-1', managerId: 'M-1', plannedAt: '2026-03-03T10:00:00.000Z', purpose: 'product_promotion' },
  });
  log.append(stream(1), {
    type: 'TaskCreated',
    data: { taskId: 't-1', assigneeId: 'M-1', title: 'Send the tariff', due: '2026-03-09T17:00:00.000Z' },
  });
  log.append(stream(2), {
    type: 'VisitPlanned',
    data: { visitId: 'v-2', managerId: 'M-1', plannedAt: '2026-03-05T10:00:00.000Z', purpose: 'relationship' },
  });
  log.append(stream(2), {
    type: 'VisitCancelled',
    data: { visitId: 'v-2', cancelledAt: '2026-03-01T08:00:00.000Z', reason: 'travelling' },
  });
  log.append(stream(2), {
    type: 'TaskCreated',
    data: { taskId: 't-2', assigneeId: 'M-1', title: 'Collect statements', due: '2026-03-04T12:00:00.000Z' },
  });
  log.append(stream(2), {
    type: 'TaskCreated',
    data: { taskId: 't-3', assigneeId: 'M-2', title: 'FX offer', due: '2026-03-04T12:00:00.000Z' },
  });
  return log;
};

const NOW = new Date('2026-03-02T12:00:00.000Z');
const WEEK = { from: new Date('2026-03-03T00:00:00.000Z'), to: new Date('2026-03-09T17:00:00.000Z') };

const entries = (list: Agenda['items']) => list.map((entry) => `${entry.kind}:${entry.id}:${entry.due.slice(0, 13)}`);

/** The agenda on a store the client read models' projector filled; expectations from the table above. */
export function agendaContract(name: string, factory: ReadModelStoreFactory): void {
  describe(`AgendaQueries contract: ${name}`, () => {
    const projected = projectedReadModels(factory, buildLog, (store) => new AgendaQueries(store));

    it('lists the window (from inclusive, to exclusive), what is due before it, and the core client out of coverage', async () => {
      const agenda = await projected.queries.agenda('M-1', WEEK, NOW);
      expect(entries(agenda.items)).toEqual([`visit:v-1:2026-03-03T10`, `task:t-2:2026-03-04T12`]);
      expect(entries(agenda.overdue)).toEqual([`follow_up:k-1:2026-03-02T09`]);
      expect(agenda.overdue[0]).toMatchObject({ clientId: clientId(1), legalName: 'Agenda Client 1', overdue: true });
      expect(agenda.items[1]).toMatchObject({ title: 'Collect statements', purpose: null, overdue: false });
      expect(agenda.uncontactedCoreClients).toEqual([
        { clientId: clientId(3), legalName: 'Agenda Client 3', lastContactAt: null },
      ]);
      const later = await projected.queries.agenda(
        'M-1',
        { from: WEEK.from, to: new Date('2026-03-09T17:00:00.001Z') },
        NOW,
      );
      expect(entries(later.items)).toEqual([
        `visit:v-1:2026-03-03T10`,
        `task:t-2:2026-03-04T12`,
        `task:t-1:2026-03-09T17`,
      ]);
      expect(entries((await projected.queries.agenda('M-2', WEEK, NOW)).items)).toEqual([`task:t-3:2026-03-04T12`]);
    });

    it('reads only the entries on clients within the scope', async () => {
      const branchA = await projected.queries.agenda('M-1', WEEK, NOW, { kind: 'branch', branchId: 'BR-A' });
      expect(entries(branchA.items)).toEqual([`visit:v-1:2026-03-03T10`]);
      const other = await projected.queries.agenda('M-1', WEEK, NOW, { kind: 'manager', managerId: 'M-2' });
      expect([other.items, other.overdue, other.uncontactedCoreClients]).toEqual([[], [], []]);
    });

    it('follows the client: a follow-up moves with a reassignment, done entries leave, erasure leaves no title', async () => {
      const more = new RecordedLog();
      for (const event of projected.log.events)
        more.append(event.streamId, { type: event.type, data: event.data as object });
      more.append(stream(1), {
        type: 'ManagerAssigned',
        data: { managerId: 'M-2', managerLevel: 'senior', previousManagerId: 'M-1', reason: 'handover' },
      });
      more.append(stream(1), {
        type: 'ContactLogged',
        data: {
          contactId: 'k-2',
          managerId: 'M-2',
          channel: 'visit',
          purpose: 'product_promotion',
          summary: 'Visited',
          occurredAt: '2026-03-02T10:00:00.000Z',
        },
      });
      more.append(stream(1), {
        type: 'VisitCompleted',
        data: { visitId: 'v-1', contactId: 'k-2', completedAt: '2026-03-02T10:00:00.000Z' },
      });
      more.append(stream(2), { type: 'PersonalDataErased', data: { requestedBy: 'u-dpo', basis: 'PIPL' } });
      const added = more.events.slice(projected.log.events.length);
      await projected.project(added);

      const agenda = await projected.queries.agenda('M-1', WEEK, NOW);
      expect(entries(agenda.items)).toEqual([`task:t-2:2026-03-04T12`]);
      expect(agenda.items[0]).toMatchObject({ legalName: '[erased]', title: '[erased]' });
      expect(agenda.overdue).toEqual([]);
      const moved = await projected.queries.agenda('M-2', WEEK, NOW);
      expect(entries(moved.overdue)).toEqual([`follow_up:k-1:2026-03-02T09`]);
    });
  });
}
