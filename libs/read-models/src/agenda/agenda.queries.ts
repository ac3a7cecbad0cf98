import { ALL_CLIENTS, type ClientScope } from '@crm/policy';
import { CORE_COVERAGE_DAYS, coveredSince } from '../client-list/branch-dashboard';
import type { ReadModelStore } from '../store/read-model-store.port';
import { AGENDA_LIMIT, agendaOf, FEEDBACK_ANSWER_AGENDA_DAYS, type Agenda, type AgendaWindow } from './agenda';

const DAY_MS = 86_400_000;

/** A manager's agenda, read from the `agenda_items` rows the client projector keeps. */
export class AgendaQueries {
  constructor(private readonly store: ReadModelStore) {}

  /**
   * The manager's open visits, tasks and follow-ups due in the window, those due before it, and
   * their core clients out of coverage at `now`; empty for a manager with none. Only clients
   * within `scope` are read (a branch head sees the entries on their branch's clients).
   */
  async agenda(managerId: string, window: AgendaWindow, now: Date, scope: ClientScope = ALL_CLIENTS): Promise<Agenda> {
    const rows = await this.store.agenda.agendaRows(
      {
        managerId,
        from: window.from.toISOString(),
        to: window.to.toISOString(),
        contactedSince: new Date(coveredSince(now)).toISOString(),
        answersSince: new Date(now.getTime() - FEEDBACK_ANSWER_AGENDA_DAYS * DAY_MS).toISOString(),
        scope,
      },
      AGENDA_LIMIT + 1,
    );
    return agendaOf(managerId, window, now, CORE_COVERAGE_DAYS, rows);
  }
}
