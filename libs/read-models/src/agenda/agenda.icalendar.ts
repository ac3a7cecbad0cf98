import type { Agenda, AgendaEntry } from './agenda';

/**
 * A manager's agenda as an iCalendar (RFC 5545) document, for calendar clients: a planned visit is
 * an event (VEVENT, an hour from its planned time), a task, follow-up or feedback answer a to-do
 * (VTODO) with its due time (an answer's: when it came). Overdue entries come too, so the calendar shows the backlog. Titles are absent when
 * the answer was masked (the masking runs on the agenda before this).
 */
export const agendaAsICalendar = (agenda: Agenda, now: Date): string => {
  const stamp = icalTime(now.toISOString());
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//crm-backbone//agenda//EN',
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${text(`Agenda ${agenda.managerId}`)}`,
    ...[...agenda.overdue, ...agenda.items].flatMap((entry) => component(entry, stamp)),
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
};

const KIND_LABEL: Readonly<Record<AgendaEntry['kind'], string>> = {
  visit: 'Visit',
  task: 'Task',
  follow_up: 'Follow-up',
  feedback_answer: 'Feedback answer',
};

const component = (entry: AgendaEntry, stamp: string): string[] => {
  const titled = entry.kind === 'task' || entry.kind === 'feedback_answer';
  const what = titled && typeof entry.title === 'string' ? `: ${entry.title}` : '';
  const purpose = entry.purpose === null ? '' : ` (${entry.purpose})`;
  const common = [
    `UID:${entry.kind}-${entry.id}@crm-backbone`,
    `DTSTAMP:${stamp}`,
    `SUMMARY:${text(`${KIND_LABEL[entry.kind]} ${entry.legalName}${purpose}${what}`)}`,
    `X-CRM-CLIENT-ID:${text(entry.clientId)}`,
  ];
  if (entry.kind === 'visit') {
    const start = icalTime(entry.due);
    const end = icalTime(new Date(Date.parse(entry.due) + 3_600_000).toISOString());
    return ['BEGIN:VEVENT', ...common, `DTSTART:${start}`, `DTEND:${end}`, 'END:VEVENT'];
  }
  return ['BEGIN:VTODO', ...common, `DUE:${icalTime(entry.due)}`, 'STATUS:NEEDS-ACTION', 'END:VTODO'];
};

/** `2026-03-05T09:00:00.000Z` → `20260305T090000Z` (UTC, seconds precision). */
const icalTime = (iso: string): string => `${iso.slice(0, 19).replace(/[-:]/g, '')}Z`;

/** TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks. */
const text = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/**
 * Content lines longer than 75 octets folded (RFC 5545 3.1): CRLF plus a space, never inside a
 * UTF-8 sequence (legal names are often Chinese, three octets a character).
 */
const fold = (line: string): string => {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // The first line carries 75 octets; continuation lines 74 after their leading space.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
};
