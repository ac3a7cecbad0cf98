import type { ClientCommand } from '@crm/domain';
import type { InboundFact } from '@crm/contracts';
import type { ServiceScope } from '@crm/policy';

/** A client command without its metadata: what a fact turns into; the ingestor stamps the rest. */
export type FactCommand = {
  [T in ClientCommand['type']]: Readonly<{ type: T; data: Extract<ClientCommand, { type: T }>['data'] }>;
}[ClientCommand['type']];

/** What a mapping may ask about the client beyond the fact itself. */
export type FactLookups = Readonly<{
  /** The client's current manager; null when none covers it or the client does not exist. */
  currentManagerOf: (clientId: string) => Promise<string | null>;
  /** Days a manager has for a detractor's recovery task (SATISFACTION_RECOVERY_DAYS). */
  recoveryDays: number;
}>;

/**
 * How one fact type becomes the command its HTTP route runs. `scope` is the service scope that
 * route asks of a caller (libs/policy SERVICE_WRITE_ROUTES): the ingest acts for the producer with
 * exactly that permission, and a spec holds the two tables together.
 */
export type FactMapping = Readonly<{
  type: string;
  route: string;
  scope: ServiceScope;
  toCommand: (fact: InboundFact, lookups: FactLookups) => FactCommand | Promise<FactCommand>;
}>;

/**
 * The fact's data as its contract class: parseInboundFact validated it against exactly that class
 * (the catalogue and the contract registry are keyed by the same type), so the view is safe.
 */
export const dataOf = <T extends object>(fact: InboundFact): Readonly<T> => fact.data as unknown as Readonly<T>;
