import type { FactMapping, UnsupportedFact } from './fact-mapping';
import { creditLimitChangedMapping } from './credit-limit-changed.mapping';
import { holdingClosedMapping } from './holding-closed.mapping';
import { pastDueCuredMapping } from './past-due-cured.mapping';
import { pastDueReportedMapping } from './past-due-reported.mapping';
import { satisfactionAnsweredMapping } from './satisfaction-answered.mapping';
import { utilisationReportedMapping } from './utilisation-reported.mapping';

/**
 * Every fact type of the inbound contract and what becomes of it. A type whose command is still
 * being built is declared unsupported: its facts are dead-lettered with the reason until its
 * mapping replaces the declaration here (one line).
 */
export const FACT_CATALOGUE: readonly (FactMapping | UnsupportedFact)[] = [
  pastDueReportedMapping,
  pastDueCuredMapping,
  utilisationReportedMapping,
  creditLimitChangedMapping,
  { type: 'bank.core.HoldingBalanceReported.v1', unsupported: 'not yet supported (no holding balance command)' },
  holdingClosedMapping,
  satisfactionAnsweredMapping,
];

const BY_TYPE = new Map(FACT_CATALOGUE.map((entry) => [entry.type, entry]));

export const catalogueEntryOf = (type: string): FactMapping | UnsupportedFact | undefined => BY_TYPE.get(type);
