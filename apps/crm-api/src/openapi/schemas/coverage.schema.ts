import { CLIENT_TIERS, MANAGER_LEVELS } from '@crm/domain';
import { arrayOf, dateTime, integer, nullable, object, oneOf, text, type Schema } from './schema-kit';

/** `GET /v1/clients/{id}/coverage-history`. */
export const COVERAGE_HISTORY_SCHEMA: Schema = object({
  items: arrayOf(
    object({
      revision: integer('The client stream revision of the assignment'),
      managerId: text(),
      managerLevel: oneOf(MANAGER_LEVELS, 'The level the manager had when assigned'),
      from: dateTime(),
      to: nullable(dateTime('When the next manager took over; null for the current one')),
      reason: text(),
      handoverId: nullable(text('The handover that moved the client, if one did')),
    }),
    'Oldest first',
  ),
});

/** `GET /v1/branches/{id}/uncovered-clients`. */
export const UNCOVERED_CLIENTS_SCHEMA: Schema = object({
  branchId: text(),
  items: arrayOf(
    object({
      id: text(),
      legalName: text(),
      status: oneOf(['prospect', 'client']),
      tier: nullable(oneOf(CLIENT_TIERS)),
      managerId: nullable(text('The departed manager still on record; null when there never was one')),
      reason: oneOf(['no_manager', 'manager_departed']),
    }),
    'Core clients first, then by tier, name and id',
  ),
  totals: object({ clients: integer(), core: integer() }),
});

/** `POST /v1/managers/{id}/handover`. */
export const HANDOVER_RESULT_SCHEMA: Schema = object({
  handoverId: text('Named by each ManagerAssigned the handover appended'),
  fromManagerId: text(),
  moved: arrayOf(
    object({
      clientId: text(),
      managerId: text(),
      revision: integer('The client stream revision of its ManagerAssigned'),
      position: text('Global position; pass as minPosition to read your writes'),
    }),
  ),
  skipped: arrayOf(text(), 'Clients no longer covered by the manager when their turn came'),
});

/** `POST /v1/managers/{id}/departure`. */
export const DEPARTURE_RESULT_SCHEMA: Schema = object({
  id: text('The manager'),
  revision: integer("The manager stream's revision"),
  position: text('Global position of the last write of the request; pass as minPosition to read your writes'),
  departedAt: dateTime('When the manager left (the first departure recorded, if recorded again)'),
  coverageLapsed: arrayOf(
    object({
      clientId: text(),
      revision: integer('The client stream revision of its CoverageLapsed'),
      position: text('Global position of that write'),
    }),
    'The clients on which this request noted the departure; those noted by an earlier request are left out',
  ),
});
