import { INBOUND_FACT_CONTRACTS, parseInboundFact, type InboundFact } from '@crm/contracts';
import { SERVICE_WRITE_ROUTES } from '@crm/policy';
import { recoveryTaskIdOf } from '@crm/event-store';
import { catalogueEntryOf, FACT_CATALOGUE } from './fact-catalogue';
import type { FactLookups, FactMapping } from './fact-mapping';

const CLIENT = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

const factOf = (type: string, data: Record<string, unknown>, id = 'fact-1'): InboundFact => {
  const result = parseInboundFact(
    CLIENT,
    Buffer.from(
      JSON.stringify({
        specversion: '1.0',
        id,
        source: type.startsWith('bank.survey.') ? 'urn:bank:survey' : 'urn:bank:core',
        type,
        subject: CLIENT,
        datacontenttype: 'application/json',
        data: { clientId: CLIENT, ...data },
      }),
    ),
  );
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.fact;
};

const lookups = (managerId: string | null): FactLookups => ({
  currentManagerOf: async () => managerId,
  recoveryDays: 5,
});

const mappingOf = (type: string): FactMapping => {
  const entry = catalogueEntryOf(type);
  if (entry === undefined) throw new Error(`${type} has no mapping`);
  return entry;
};

describe('fact catalogue', () => {
  it('covers exactly the fact types of the inbound contract, in its order', () => {
    expect(FACT_CATALOGUE.map((entry) => entry.type)).toEqual(INBOUND_FACT_CONTRACTS.map((contract) => contract.type));
  });

  it('acts with the scope the HTTP route it mirrors asks of a service (libs/policy)', () => {
    for (const entry of FACT_CATALOGUE) {
      expect([entry.type, SERVICE_WRITE_ROUTES[entry.route]]).toEqual([entry.type, [entry.scope]]);
    }
  });

  it.each([
    [
      'bank.core.PastDueReported.v1',
      { facilityId: 'F-1', amountOverdue: '12.50', overdueSince: '2026-11-02' },
      { type: 'ReportPastDue', data: { facilityId: 'F-1', overdueSince: '2026-11-02', amountOverdue: '12.50' } },
    ],
    ['bank.core.PastDueCured.v1', { facilityId: 'F-1' }, { type: 'ClearPastDue', data: { facilityId: 'F-1' } }],
    [
      'bank.core.HoldingBalanceReported.v1',
      { holdingId: 'H-1', balance: '-12.50', currency: 'CNY', asOf: '2026-11-27' },
      {
        type: 'ReportHoldingBalance',
        data: { holdingId: 'H-1', balance: '-12.50', currency: 'CNY', asOf: '2026-11-27' },
      },
    ],
    [
      'bank.core.UtilisationReported.v1',
      { facilityId: 'F-1', drawn: '800' },
      { type: 'ReportUtilisation', data: { facilityId: 'F-1', drawn: '800' } },
    ],
    [
      'bank.core.CreditLimitChanged.v1',
      { facilityId: 'F-1', limit: '1000', currency: 'CNY', maturityDate: null },
      { type: 'SetCreditLimit', data: { facilityId: 'F-1', limit: '1000', currency: 'CNY', maturityDate: null } },
    ],
    [
      'bank.core.HoldingClosed.v1',
      { holdingId: 'H-1' },
      { type: 'CloseProductHolding', data: { holdingId: 'H-1', reason: 'closed in core banking' } },
    ],
    [
      'bank.core.HoldingClosed.v1',
      { holdingId: 'H-1', reasonCode: 'MATURED' },
      { type: 'CloseProductHolding', data: { holdingId: 'H-1', reason: 'MATURED' } },
    ],
  ])('maps %s to the command of its route', async (type, data, command) => {
    expect(await mappingOf(type).toCommand(factOf(type, data), lookups(null))).toEqual(command);
  });

  it("attributes a survey answer to the client's current manager, with a survey id derived from the fact", async () => {
    const type = 'bank.survey.SatisfactionAnswered.v1';
    const data = { kind: 'nps', score: 9, answeredAt: '2026-11-30T08:00:00Z' };
    const first = await mappingOf(type).toCommand(factOf(type, data), lookups('M-7'));
    const again = await mappingOf(type).toCommand(factOf(type, data), lookups('M-7'));
    const other = await mappingOf(type).toCommand(factOf(type, data, 'fact-2'), lookups('M-7'));
    expect(first).toMatchObject({ type: 'RecordSatisfaction', data: { kind: 'nps', score: 9, managerId: 'M-7' } });
    expect(again).toEqual(first);
    expect(other.data).not.toEqual(first.data);
  });

  it('names the recovery task after the survey, due the deployment’s recovery days after the answer', async () => {
    const type = 'bank.survey.SatisfactionAnswered.v1';
    const data = { kind: 'nps', score: 3, answeredAt: '2026-11-30T08:00:00Z' };
    const command = await mappingOf(type).toCommand(factOf(type, data), lookups('M-7'));
    const { surveyId, recovery } = command.data as { surveyId: string; recovery: unknown };
    expect(recovery).toEqual({ taskId: recoveryTaskIdOf(surveyId), dueInDays: 5, answeredAt: '2026-11-30T08:00:00Z' });
    expect(recoveryTaskIdOf(surveyId)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
