import { currentSchemaVersion, type ClientEvent, type ManagerEvent } from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';

/**
 * Builds recorded events for projection specs: revisions per stream and global positions are
 * assigned in call order, times advance a minute per event unless given.
 */
export class RecordedLog {
  private position = 0n;
  private readonly revisions = new Map<string, number>();
  private clock = Date.parse('2025-01-06T09:00:00.000Z');
  readonly events: RecordedEvent[] = [];

  append(
    streamId: string,
    event: ClientEvent | ManagerEvent | { type: string; data: object },
    at: Readonly<{ occurredAt?: string; recordedAt?: string }> = {},
  ): RecordedEvent {
    this.position += 1n;
    this.clock += 60_000;
    const revision = (this.revisions.get(streamId) ?? -1) + 1;
    this.revisions.set(streamId, revision);
    const recordedAt = at.recordedAt ?? new Date(this.clock).toISOString();
    const recorded: RecordedEvent = {
      eventId: `evt-${this.position}`,
      streamId,
      type: event.type,
      data: event.data,
      metadata: {
        occurredAt: at.occurredAt ?? recordedAt,
        correlationId: `cor-${this.position}`,
        causationId: `cau-${this.position}`,
        actor: { userId: 'u-rm-1', role: 'relationship_manager' },
      },
      schemaVersion: currentSchemaVersion(event.type),
      revision,
      position: this.position,
      recordedAt,
    };
    this.events.push(recorded);
    return recorded;
  }

  /** A prospect registered on `client-<clientId>` and covered by `managerId` (senior), as read-model contracts start. */
  coveredClient(
    clientId: string,
    client: Readonly<{ branchId: string; managerId: string; legalName: string; registrationNo: string }>,
  ): void {
    const streamId = `client-${clientId}`;
    this.append(streamId, {
      type: 'ProspectRegistered',
      data: {
        clientId,
        branchId: client.branchId,
        segment: 'sme',
        industry: 'retail',
        legalName: client.legalName,
        registrationNo: client.registrationNo,
        contact: {},
        source: 'branch',
      },
    });
    this.append(streamId, {
      type: 'ManagerAssigned',
      data: { managerId: client.managerId, managerLevel: 'senior', reason: 'x' },
    });
  }

  streamEvents(streamId: string): RecordedEvent[] {
    return this.events.filter((e) => e.streamId === streamId);
  }
}
