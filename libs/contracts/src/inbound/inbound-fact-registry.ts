import type { InboundFactContract } from './inbound-fact-contract';
import { creditLimitChangedV1 } from './facts/credit-limit-changed.v1.fact';
import { holdingBalanceReportedV1 } from './facts/holding-balance-reported.v1.fact';
import { holdingClosedV1 } from './facts/holding-closed.v1.fact';
import { pastDueCuredV1 } from './facts/past-due-cured.v1.fact';
import { pastDueReportedV1 } from './facts/past-due-reported.v1.fact';
import { satisfactionAnsweredV1 } from './facts/satisfaction-answered.v1.fact';
import { utilisationReportedV1 } from './facts/utilisation-reported.v1.fact';

/** Every fact type the CRM receives on crm.inbound.client-facts.v1, in documentation order. */
export const INBOUND_FACT_CONTRACTS: readonly InboundFactContract[] = [
  pastDueReportedV1,
  pastDueCuredV1,
  utilisationReportedV1,
  creditLimitChangedV1,
  holdingBalanceReportedV1,
  holdingClosedV1,
  satisfactionAnsweredV1,
];

const BY_TYPE = new Map(INBOUND_FACT_CONTRACTS.map((contract) => [contract.type, contract]));

export const inboundFactContractOf = (type: string): InboundFactContract | undefined => BY_TYPE.get(type);
