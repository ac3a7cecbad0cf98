import { parseInboundFact } from './parse-inbound-fact';

const CLIENT = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

const fact = (overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id: 'core-000001',
  source: 'urn:bank:core',
  type: 'bank.core.PastDueReported.v1',
  subject: CLIENT,
  time: '2026-11-30T08:00:00Z',
  datacontenttype: 'application/json',
  data: { clientId: CLIENT, facilityId: 'FAC-1', amountOverdue: '1250.00', overdueSince: '2026-11-02', ...data },
  ...overrides,
});

const parse = (value: unknown, key: string | null = CLIENT) =>
  parseInboundFact(key, Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));

const errorsOf = (value: unknown, key: string | null = CLIENT): string[] => {
  const result = parse(value, key);
  if (result.ok) throw new Error('expected a refusal');
  return result.errors;
};

describe('parseInboundFact', () => {
  it('accepts a well-formed fact and hands back a detached copy', () => {
    const result = parse(fact());
    expect(result).toMatchObject({
      ok: true,
      fact: { id: 'core-000001', source: 'urn:bank:core', subject: CLIENT, time: '2026-11-30T08:00:00Z' },
    });
    if (result.ok) expect(result.fact.contract.type).toBe('bank.core.PastDueReported.v1');
  });

  it('accepts a survey answer from the survey tool, with an instance in the source', () => {
    const answer = {
      ...fact({ type: 'bank.survey.SatisfactionAnswered.v1', source: 'urn:bank:survey:nps-eu' }),
      data: { clientId: CLIENT, kind: 'nps', score: 9, answeredAt: '2026-11-30T08:00:00+01:00' },
    };
    expect(parse(answer).ok).toBe(true);
  });

  it.each([
    ['not JSON', '{"specversion":', 'message is not valid JSON'],
    ['an array', '[]', 'message is not a JSON object'],
    ['another spec version', fact({ specversion: '0.3' }), 'specversion must be 1.0'],
    ['no id', fact({ id: undefined }), 'id must be 1-128 letters, digits, _ . : -'],
    ['an unknown type', fact({ type: 'bank.core.Unknown.v1' }), 'type is not a known fact type'],
    [
      'a CRM type',
      fact({ type: 'bank.crm.PaymentPastDue.v2' }),
      'type must look like bank.core.<Fact>.v<n> or bank.survey.<Fact>.v<n>',
    ],
    [
      'a foreign source',
      fact({ source: 'urn:bank:crm:event-store' }),
      'source must be urn:bank:core or urn:bank:survey (with an optional :instance)',
    ],
    [
      'the survey tool sending a core fact',
      fact({ source: 'urn:bank:survey' }),
      'source must be a urn:bank:core source for this type',
    ],
    ['another content type', fact({ datacontenttype: 'text/plain' }), 'datacontenttype must be application/json'],
    ['an extra attribute', fact({ partitionkey: 'x' }), 'partitionkey is not part of the contract'],
    ['a subject that is no client id', fact({ subject: 'Jane Doe' }), 'subject must be a client id (lower-case uuid)'],
    [
      'a wrong dataschema',
      fact({ dataschema: 'https://schemas.crm.bank.example/bank.core.PastDueCured.v1.json' }),
      'dataschema must be the schema URI of the fact type',
    ],
    [
      'an amount as a number',
      fact({}, { amountOverdue: 1250 }),
      'data.amountOverdue must be a non-negative decimal string with at most 4 decimals',
    ],
    [
      'a date with a time',
      fact({}, { overdueSince: '2026-11-02T00:00:00Z' }),
      'data.overdueSince must be a date (YYYY-MM-DD)',
    ],
    ['an unknown data field', fact({}, { debtorName: 'Jane Doe' }), 'data.debtorName is not part of the contract'],
    [
      'data about another client',
      fact({}, { clientId: '0190a1b2-c3d4-7e5f-8a9b-000000000000' }),
      'data.clientId must equal subject',
    ],
  ])('refuses %s', (_name, value, error) => {
    expect(errorsOf(value)).toContain(error);
  });

  it('refuses a key that is not the subject (ordering per client rests on it)', () => {
    expect(errorsOf(fact(), 'another-key')).toEqual(['Kafka key must equal subject']);
    expect(errorsOf(fact(), null)).toEqual(['Kafka key must equal subject']);
  });

  it('never echoes a value in its errors', () => {
    const errors = errorsOf(fact({ subject: 'Jane Doe' }, { facilityId: 'Jane Doe', debtorName: 'Jane Doe' }));
    expect(errors.join(' ')).not.toContain('Jane');
  });

  it('refuses an empty or oversized value', () => {
    expect(parseInboundFact(CLIENT, null)).toEqual({ ok: false, errors: ['message has no value'] });
    expect(parseInboundFact(CLIENT, Buffer.alloc(1024 * 1024 + 1, 32))).toMatchObject({ ok: false });
  });
});
