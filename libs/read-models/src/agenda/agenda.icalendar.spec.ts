import ICAL from 'ical.js';
import type { Agenda, AgendaEntry } from './agenda';
import { agendaAsICalendar } from './agenda.icalendar';

const entry = (overrides: Partial<AgendaEntry>): AgendaEntry => ({
  kind: 'task',
  id: '0190a4c2-00ca-7000-8000-000000000001',
  clientId: '0190a4c2-00ca-7000-8000-0000000000c1',
  legalName: 'Acme Ltd',
  due: '2026-03-05T09:00:00.000Z',
  overdue: false,
  purpose: null,
  title: null,
  ...overrides,
});

const agenda = (items: AgendaEntry[], overdue: AgendaEntry[] = []): Agenda => ({
  managerId: 'M-1',
  from: '2026-03-02T00:00:00.000Z',
  to: '2026-03-09T00:00:00.000Z',
  items,
  overdue,
  coverageDays: 35,
  uncontactedCoreClients: [],
  truncated: false,
});

const parse = (text: string) => new ICAL.Component(ICAL.parse(text));

describe('the agenda as iCalendar', () => {
  it('writes a visit as an hour-long event and a task as a to-do, CRLF-terminated', () => {
    const text = agendaAsICalendar(
      agenda([
        entry({ kind: 'visit', id: 'v-1', due: '2026-03-03T09:30:00.000Z', purpose: 'product_promotion' }),
        entry({ kind: 'task', id: 't-1', title: 'Collect statements' }),
      ]),
      new Date('2026-03-01T08:00:00.000Z'),
    );
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
    const calendar = parse(text);
    const [visit] = calendar.getAllSubcomponents('vevent').map((event) => new ICAL.Event(event));
    expect([
      visit.uid,
      visit.summary,
      visit.startDate.toJSDate().toISOString(),
      visit.endDate.toJSDate().toISOString(),
    ]).toEqual([
      'visit-v-1@crm-backbone',
      'Visit Acme Ltd (product_promotion)',
      '2026-03-03T09:30:00.000Z',
      '2026-03-03T10:30:00.000Z',
    ]);
    const [task] = calendar.getAllSubcomponents('vtodo');
    expect(task.getFirstPropertyValue('summary')).toBe('Task Acme Ltd: Collect statements');
    expect((task.getFirstPropertyValue('due') as ICAL.Time).toJSDate().toISOString()).toBe('2026-03-05T09:00:00.000Z');
    expect((task.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().toISOString()).toBe(
      '2026-03-01T08:00:00.000Z',
    );
  });

  it('escapes text and folds long lines without splitting a character, and a parser reads them back whole', () => {
    const legalName = '上海浦东发展机械制造股份有限公司, 第二分公司; "华东" \\ 区域总部 ' + '长'.repeat(40);
    const title = 'Line one\nline two, with; separators';
    const text = agendaAsICalendar(agenda([entry({ title, legalName })]), new Date('2026-03-01T08:00:00.000Z'));
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const [task] = parse(text).getAllSubcomponents('vtodo');
    expect(task.getFirstPropertyValue('summary')).toBe(`Task ${legalName}: ${title}`);
  });

  it('lists overdue entries too, and leaves out a title the masking removed', () => {
    const { title: _hidden, ...masked } = entry({ id: 't-2', overdue: true, title: 'Hidden' });
    const text = agendaAsICalendar(agenda([], [masked as AgendaEntry]), new Date('2026-03-01T08:00:00.000Z'));
    const todos = parse(text).getAllSubcomponents('vtodo');
    expect(todos.map((todo) => todo.getFirstPropertyValue('summary'))).toEqual(['Task Acme Ltd']);
  });
});
