import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  EVENT_LOG_FORMAT,
  EVENT_LOG_FORMAT_VERSION,
  EventLogFormatError,
  parseEventLogLine,
  type DataKeyRecord,
  type EventLogHeader,
  type EventLogRecord,
  type EventRecord,
} from './event-log-record';
import type { EventLogTable } from './event-log-table';

/** Rows read or written per round trip: large enough to amortise it, small enough to keep memory flat. */
const BATCH = 1000;

export type TransferProgress = Readonly<{ events: number; position: bigint; lastPosition: bigint }>;

export type TransferSummary = Readonly<{ dataKeys: number; events: number; lastPosition: bigint }>;

/** The progress line of an export or import ("exported 1000 events, position 1000 of 52000"). */
export const formatTransferProgress = (done: 'exported' | 'imported', p: TransferProgress): string =>
  `${done} ${p.events} events, position ${p.position} of ${p.lastPosition}`;

export const formatTransferSummary = (done: 'exported' | 'imported', summary: TransferSummary): string =>
  `${done} ${summary.events} events up to position ${summary.lastPosition} and ${summary.dataKeys} data keys`;

/** Why an export or import refuses to go on: one line for the operator, naming no secret. */
export class EventLogTransferRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventLogTransferRefused';
  }
}

/**
 * Writes the store's log to `file` as NDJSON (see event-log-record.ts), through `file.partial`
 * renamed at the end, so a failed export never leaves a file that looks whole.
 *
 * Consistent while the store serves: the head is fixed first, then the key ring is read, then the
 * events up to that head. A key is committed before any event sealed with it, so every exported
 * event finds its key in the file.
 */
export const exportEventLog = async (
  table: EventLogTable,
  file: string,
  onProgress: (progress: TransferProgress) => void = () => undefined,
): Promise<TransferSummary> => {
  const lastPosition = await table.headPosition();
  const partial = `${file}.partial`;
  const out = createWriteStream(partial, { flags: 'w', mode: 0o600 });
  const write = async (record: EventLogRecord): Promise<void> => {
    if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
  };
  try {
    const masterKeyIds = await table.masterKeyIds();
    const header: EventLogHeader = {
      kind: 'header',
      format: EVENT_LOG_FORMAT,
      formatVersion: EVENT_LOG_FORMAT_VERSION,
      source: table.dialect,
      exportedAt: new Date().toISOString(),
      lastPosition: lastPosition.toString(),
      masterKeyIds,
    };
    await write(header);
    let dataKeys = 0;
    for (let after = ''; ;) {
      const batch = await table.dataKeys(after, BATCH);
      for (const key of batch) {
        // The import checks the header's list; a key it does not name would go unchecked.
        if (key.wrapped !== null && key.kekId !== null && !masterKeyIds.includes(key.kekId))
          throw new EventLogTransferRefused('a master key rotation ran during the export: export again');
        await write(key);
      }
      dataKeys += batch.length;
      if (batch.length < BATCH) break;
      after = batch[batch.length - 1].subject;
    }

    let events = 0;
    for (let after = 0n; after < lastPosition;) {
      const batch = await table.events(after, lastPosition, BATCH);
      if (batch.length === 0) break;
      for (const event of batch) await write(event);
      events += batch.length;
      after = BigInt(batch[batch.length - 1].position);
      onProgress({ events, position: after, lastPosition });
    }
    await write({ kind: 'end', dataKeys, events, lastPosition: lastPosition.toString() });
    out.end();
    await once(out, 'finish');
    renameSync(partial, file);
    return { dataKeys, events, lastPosition };
  } catch (error) {
    out.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
};

export type ImportOptions = Readonly<{
  /** Ids of the master keys this installation is configured with (current and previous). */
  masterKeyIds: readonly string[];
  onProgress?: (progress: TransferProgress) => void;
}>;

/** The file's header, if this version reads it and the configured master keys open its data keys. */
const usableHeader = (record: EventLogRecord | null, file: string, masterKeyIds: readonly string[]): EventLogHeader => {
  if (record === null || record.kind !== 'header' || record.format !== EVENT_LOG_FORMAT)
    throw new EventLogTransferRefused(
      `${file} is not an event-log export (its first line is no ${EVENT_LOG_FORMAT} header)`,
    );
  if (record.formatVersion !== EVENT_LOG_FORMAT_VERSION) {
    throw new EventLogTransferRefused(
      `${file} has format version ${record.formatVersion}; this version reads ${EVENT_LOG_FORMAT_VERSION}`,
    );
  }
  const missing = record.masterKeyIds.filter((id) => !masterKeyIds.includes(id));
  if (missing.length > 0) {
    throw new EventLogTransferRefused(
      `the exported data keys are wrapped by master key ${missing.join(', ')}, which the configured DATA_KEY_SECRET / DATA_KEY_FILE is not: import with the master key the source store used`,
    );
  }
  return record;
};

/**
 * Loads an export into an empty store in one transaction, streaming the file (memory stays flat
 * whatever its size). Refuses, before writing anything, a store that holds events or keys, a file
 * of another format, and a configuration without the master key that wrapped the exported keys
 * (the events would be unreadable). A file cut short (no trailer, or counts that disagree) is
 * rolled back.
 */
export const importEventLog = async (
  table: EventLogTable,
  file: string,
  options: ImportOptions,
): Promise<TransferSummary> => {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity })[Symbol.asyncIterator]();
  let lineNumber = 0;
  const next = async (): Promise<EventLogRecord | null> => {
    for (;;) {
      const { value, done } = await lines.next();
      if (done === true) return null;
      lineNumber += 1;
      if (value !== '') return parseEventLogLine(value, lineNumber);
    }
  };
  try {
    const header = usableHeader(await next(), file, options.masterKeyIds);
    if (!(await table.isEmpty()))
      throw new EventLogTransferRefused(
        'the target store is not empty (it holds events or data keys): import only into a new store',
      );

    const lastPosition = BigInt(header.lastPosition);
    let summary: TransferSummary | null = null;
    await table.inImport(async (writer) => {
      let dataKeys = 0;
      let events = 0;
      let position = 0n;
      let keys: DataKeyRecord[] = [];
      let batch: EventRecord[] = [];
      const flushKeys = async (): Promise<void> => {
        await writer.insertDataKeys(keys);
        keys = [];
      };
      for (let record = await next(); record !== null; record = await next()) {
        if (summary !== null) throw new EventLogFormatError(lineNumber, 'follows the trailer');
        if (record.kind === 'data-key') {
          if (events > 0 || batch.length > 0) throw new EventLogFormatError(lineNumber, 'a data key after events');
          // The header's list is what was checked against the configured master keys.
          if (record.wrapped !== null && (record.kekId === null || !header.masterKeyIds.includes(record.kekId)))
            throw new EventLogFormatError(lineNumber, 'a data key wrapped by a master key the header does not list');
          keys.push(record);
          dataKeys += 1;
          if (keys.length >= BATCH) await flushKeys();
        } else if (record.kind === 'event') {
          if (keys.length > 0) await flushKeys();
          const at = BigInt(record.position);
          if (at <= position) throw new EventLogFormatError(lineNumber, 'positions must increase');
          position = at;
          batch.push(record);
          if (batch.length >= BATCH) {
            await writer.insertEvents(batch);
            events += batch.length;
            batch = [];
            options.onProgress?.({ events, position, lastPosition });
          }
        } else if (record.kind === 'end') {
          await flushKeys();
          await writer.insertEvents(batch);
          events += batch.length;
          if (record.dataKeys !== dataKeys || record.events !== events || BigInt(record.lastPosition) !== position)
            throw new EventLogFormatError(lineNumber, 'the trailer does not match the records before it');
          summary = { dataKeys, events, lastPosition: position };
          options.onProgress?.({ events, position, lastPosition });
        } else {
          throw new EventLogFormatError(lineNumber, 'a second header');
        }
      }
      if (summary === null) throw new EventLogFormatError(lineNumber, 'the file ends without its trailer (cut short?)');
    });
    if (summary === null) throw new Error('unreachable: import committed without a trailer');
    return summary;
  } finally {
    await lines.return?.();
  }
};
