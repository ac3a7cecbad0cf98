import type { Type } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';

/** The request bodies of the README's five-minute tour, so the document's examples are the ones it walks through. */
export const TOUR = {
  devToken: { sub: 'u-head-1', role: 'branch_head', branchId: 'BR-SH-001' },
  registerManager: { managerId: 'M-1001', name: 'Li Wei', branchId: 'BR-SH-001', level: 'senior' },
  registerProspect: {
    branchId: 'BR-SH-001',
    segment: 'corporate',
    industry: 'manufacturing',
    legalName: 'Shanghai Precision Tools Co., Ltd.',
    registrationNo: '91310000MA1FL0000X',
    contact: { phone: '+86 21 5555 0100' },
    source: 'referral',
  },
  convertProspect: {},
  assignManager: { managerId: 'M-1001', reason: 'new client' },
  changeTier: { tier: 'core', reason: 'annual review', annualContribution: '12000000.00' },
  logContact: {
    managerId: 'M-1001',
    channel: 'visit',
    purpose: 'relationship',
    summary: 'Met the CFO',
    occurredAt: '2026-11-20T09:00:00Z',
    followUpDue: '2026-12-05T09:00:00Z',
  },
  changeCreditRating: { rating: 'A', reason: 'annual review' },
  setCreditLimit: { limit: '5000000.00', currency: 'CNY', type: 'revolving', nextReviewDate: '2027-06-30' },
  reportUtilisation: { drawn: '4600000.00' },
  reportPastDue: { overdueSince: '2026-11-08', amountOverdue: '150000.00' },
  raiseRiskFlag: { type: 'litigation', severity: 'high', note: 'supplier lawsuit' },
  openProductHolding: { productCode: 'DEP-CORP-01', category: 'deposit', amount: '1000000.00' },
  reportHoldingBalance: { balance: '1250000.00', currency: 'CNY', asOf: '2026-12-02' },
  recordSatisfaction: { kind: 'nps', score: 9, comment: 'responsive' },
  openOpportunity: { productCategory: 'wealth', expectedAmount: '2000000.00', currency: 'CNY', managerId: 'M-1001' },
} as const;

/** The body `type`, with `value` from the tour as its example. */
export const ApiTourExample = (type: Type<unknown>, value: object) =>
  ApiBody({ type, examples: { tour: { summary: 'From the README’s five-minute tour', value } } });
