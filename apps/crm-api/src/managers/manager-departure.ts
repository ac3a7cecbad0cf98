import { Inject, Injectable } from '@nestjs/common';
import { managerStreamId } from '@crm/domain';
import type { IdempotentRequest } from '@crm/api-kit';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { ClientListQueries } from '@crm/read-models';
import { ALL_CLIENTS } from '@crm/policy';
import { CLIENT_STREAM, CommandGateway, MANAGER_STREAM, type WriteResponse } from '../commands/command-gateway';
import { ReadYourWrites } from '../queries/read-your-writes';
import type { RecordDepartureRequestDto } from './record-departure.request.dto';

export type LapsedCoverage = Readonly<{ clientId: string; revision: number; position: string }>;

/** The manager's write, and `position` the last of all the request's writes (read your writes). */
export type DepartureResult = WriteResponse &
  Readonly<{
    departedAt: string;
    /** The clients on which this request noted the departure (CoverageLapsed). */
    coverageLapsed: readonly LapsedCoverage[];
  }>;

/**
 * A manager's departure, then a CoverageLapsed on each client they covered, so each client's own
 * history shows the gap and the risk monitor (which reads client events only) re-checks
 * EW-CORE-MGR. The notes are separate appends after the departure, not one transaction: recorded
 * again after a failure part-way, the departure changes nothing and the clients left out are noted.
 */
@Injectable()
export class ManagerDeparture {
  constructor(
    private readonly commands: CommandGateway,
    private readonly lists: ClientListQueries,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async run(request: IdempotentRequest, managerId: string, body: RecordDepartureRequestDto): Promise<DepartureResult> {
    const departure = await this.commands.execute(request, MANAGER_STREAM, managerId, 'RecordManagerDeparture', {
      reason: body.reason,
      ...(body.departedAt === undefined ? {} : { departedAt: body.departedAt }),
    });
    const departedAt = await this.departedAt(managerId);
    // Nobody can be assigned to a departed manager, so once the read model has reached the
    // departure it lists every client they will ever have had at the end. Not caught up in time:
    // a 503 with the departure stored; sent again, it notes them all.
    await this.readYourWrites.reach(departure.position);
    const { clients } = await this.lists.portfolio(managerId, new Date(), ALL_CLIENTS);
    const coverageLapsed: LapsedCoverage[] = [];
    let position = BigInt(departure.position);
    for (const { id } of clients) {
      const { response, events } = await this.commands.decide(
        request,
        CLIENT_STREAM,
        id,
        'NoteCoverageLapse',
        { managerId, departedAt },
        { ifMatch: false },
      );
      if (events.length === 0) continue;
      coverageLapsed.push({ clientId: id, revision: response.revision, position: response.position });
      if (BigInt(response.position) > position) position = BigInt(response.position);
    }
    return { ...departure, position: position.toString(), departedAt, coverageLapsed };
  }

  /** The departure's own time, which a repeated request does not change. */
  private async departedAt(managerId: string): Promise<string> {
    const events = await this.store.readStream(managerStreamId(managerId));
    const departed = events.find((event) => event.type === 'ManagerDeparted');
    const at = (departed?.data as { departedAt?: unknown } | undefined)?.departedAt;
    if (typeof at !== 'string') throw new Error(`manager ${managerId} has no departure to note`);
    return at;
  }
}
