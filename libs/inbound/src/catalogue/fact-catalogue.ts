import type { FactMapping } from './fact-mapping';
import { creditLimitChangedMapping } from './credit-limit-changed.mapping';
import { holdingBalanceReportedMapping } from './holding-balance-reported.mapping';
import { holdingClosedMapping } from './holding-closed.mapping';
import { pastDueCuredMapping } from './past-due-cured.mapping';
import { pastDueReportedMapping } from './past-due-reported.mapping';
import { satisfactionAnsweredMapping } from './satisfaction-answered.mapping';
import { utilisationReportedMapping } from './utilisation-reported.mapping';

/** Every fact type of the inbound contract and the command it becomes (a spec holds the two lists together). */
export const FACT_CATALOGUE: readonly FactMapping[] = [
  pastDueReportedMapping,
  pastDueCuredMapping,
  utilisationReportedMapping,
  creditLimitChangedMapping,
  holdingBalanceReportedMapping,
  holdingClosedMapping,
  satisfactionAnsweredMapping,
];

const BY_TYPE = new Map(FACT_CATALOGUE.map((entry) => [entry.type, entry]));

export const catalogueEntryOf = (type: string): FactMapping | undefined => BY_TYPE.get(type);
