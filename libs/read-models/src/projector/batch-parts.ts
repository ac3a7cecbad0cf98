import type { RecordedEvent } from '@crm/event-store';
import { clientIdNamedBy, isAlertStream } from '../alerts/alert.projection';
import { CLIENT_STREAM_PREFIX, isClientStream, isManagerStream } from '../client-view/recorded-client-event';
import { isRiskCaseStream } from '../risk-cases/risk-case-row';

/** The document an event folds into: its stream's (client, manager, alert or risk case); null for none. */
const documentOf = (streamId: string): string | null =>
  isClientStream(streamId) || isManagerStream(streamId) || isAlertStream(streamId) || isRiskCaseStream(streamId)
    ? streamId
    : null;

/** The client view an alert or risk-case event also reads or changes. */
const clientDocumentNamedBy = (event: RecordedEvent): string | null => {
  if (!isAlertStream(event.streamId) && !isRiskCaseStream(event.streamId)) return null;
  const clientId = clientIdNamedBy(event);
  return clientId === null ? null : `${CLIENT_STREAM_PREFIX}${clientId}`;
};

/** Documents joined by the events that touch two of them, each group named by one of its documents. */
class DocumentGroups {
  private readonly parent = new Map<string, string>();

  groupOf(document: string): string {
    let root = document;
    for (let up = this.parent.get(root); up !== undefined && up !== root; up = this.parent.get(root)) root = up;
    // Path compression: every document on the way now names the group directly.
    for (let at = document; at !== root;) {
      const up = this.parent.get(at) ?? root;
      this.parent.set(at, root);
      at = up;
    }
    return root;
  }

  join(a: string, b: string): void {
    const groupA = this.groupOf(a);
    const groupB = this.groupOf(b);
    if (groupA !== groupB) this.parent.set(groupB, groupA);
  }
}

/**
 * Splits a batch into parts of about `partEvents` events such that every document the batch folds
 * (a client view, a manager, an alert, a risk case) has all its events in one part: an alert or
 * risk-case event keeps its stream's document with the client view it names. Events keep the log's
 * order within a part, so folding the parts one after another changes each document exactly as
 * folding the whole batch does, and each document is still loaded and written once. Events of no
 * document join whichever part is filling when they come. A batch of at most `partEvents` events
 * is one part.
 */
export const batchParts = (events: readonly RecordedEvent[], partEvents: number): (readonly RecordedEvent[])[] => {
  if (events.length <= partEvents) return [events];
  const groups = new DocumentGroups();
  const documents = events.map((event) => {
    const document = documentOf(event.streamId);
    const client = document === null ? null : clientDocumentNamedBy(event);
    if (document !== null && client !== null) groups.join(document, client);
    return document;
  });
  const partOfGroup = new Map<string, number>();
  const parts: RecordedEvent[][] = [[]];
  events.forEach((event, index) => {
    const document = documents[index];
    let part = parts.length - 1;
    if (document !== null) {
      const group = groups.groupOf(document);
      const assigned = partOfGroup.get(group);
      if (assigned === undefined) {
        if (parts[part].length >= partEvents) parts.push([]);
        part = parts.length - 1;
        partOfGroup.set(group, part);
      } else part = assigned;
    }
    parts[part].push(event);
  });
  return parts;
};
