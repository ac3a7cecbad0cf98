import { ConcurrencyError, type AppendResult, type ExpectedRevision, type NewEvent } from '../event-store.port';
import { DuplicateEventIdError } from '../duplicate-event-id.error';

export type PendingAppend = {
  streamId: string;
  events: readonly NewEvent[];
  expected: ExpectedRevision;
  /** Times the whole group was retried after a transient failure (deadlock, racing insert). */
  attempts: number;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
};

/** Parameters of `event_store_append`, one array per column (see the migration). */
export type AppendGroupParams = [string[], string[], number[], string[], string[], string[], string[], number[]];

/** [out_index, outcome, out_revision, out_position, out_event_id, out_reason], all as text. */
export type AppendOutcomeRow = [
  string,
  'ok' | 'conflict' | 'duplicate',
  string | null,
  string | null,
  string | null,
  string | null,
];

export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: Error };

/**
 * A number that is not a safe integer can never equal a revision; the function gets 'never'
 * rather than a value that would fail the whole group's cast to bigint.
 */
const encodeExpected = (expected: ExpectedRevision): string =>
  typeof expected === 'number' ? (Number.isSafeInteger(expected) ? String(expected) : 'never') : expected;

export const toAppendGroupParams = (group: readonly PendingAppend[]): AppendGroupParams => {
  const params: AppendGroupParams = [[], [], [], [], [], [], [], []];
  const [streams, expected, counts, ids, types, data, metadata, versions] = params;
  for (const append of group) {
    streams.push(append.streamId);
    expected.push(encodeExpected(append.expected));
    counts.push(append.events.length);
    for (const event of append.events) {
      ids.push(event.eventId);
      types.push(event.type);
      data.push(JSON.stringify(event.data) ?? 'null');
      metadata.push(JSON.stringify(event.metadata));
      versions.push(event.schemaVersion);
    }
  }
  return params;
};

export const toAppendOutcome = (append: PendingAppend, row: AppendOutcomeRow): AppendOutcome => {
  const [, outcome, revision, position, eventId, reason] = row;
  switch (outcome) {
    case 'ok':
      return { ok: true, result: { revision: Number(revision), position: BigInt(position ?? '0') } };
    case 'conflict':
      return {
        ok: false,
        error: new ConcurrencyError(append.streamId, append.expected, revision === null ? null : Number(revision)),
      };
    case 'duplicate':
      return {
        ok: false,
        error: new DuplicateEventIdError(append.streamId, eventId ?? '', reason ?? 'already exists'),
      };
  }
};

/** An id repeated within one append can never be stored; refused before it reaches the database. */
export const repeatedEventId = (events: readonly NewEvent[]): string | null => {
  if (events.length < 2) return null;
  const seen = new Set<string>();
  for (const { eventId } of events) {
    if (seen.has(eventId)) return eventId;
    seen.add(eventId);
  }
  return null;
};
