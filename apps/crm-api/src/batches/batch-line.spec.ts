import { parseBatchLine } from './batch-line';

const CLIENT = '01a23784-f942-7180-a8df-426454a6d4fd';

describe('parseBatchLine', () => {
  it('turns a line into a request for the route its type names', () => {
    const body = { channel: 'visit', purpose: 'review', summary: 'Q3', occurredAt: '2026-01-05T10:00:00Z' };
    const line = JSON.stringify({ type: 'LogContact', clientId: CLIENT, body, idempotencyKey: 'k-1', ifMatch: '"3"' });
    expect(parseBatchLine(7, line)).toEqual({
      line: 7,
      type: 'LogContact',
      clientId: CLIENT,
      method: 'POST',
      url: `/v1/clients/${CLIENT}/contacts`,
      params: { id: CLIENT },
      body,
      idempotencyKey: 'k-1',
      ifMatch: '"3"',
    });
  });

  it('fills the route’s other path parameters from the line, encoded', () => {
    const line = JSON.stringify({ type: 'ClearPastDue', clientId: CLIENT, facilityId: 'F/1 ?' });
    expect(parseBatchLine(1, line)).toMatchObject({
      method: 'DELETE',
      url: `/v1/clients/${CLIENT}/facilities/F%2F1%20%3F/past-due`,
      params: { id: CLIENT, facilityId: 'F/1 ?' },
      body: undefined,
    });
  });

  it.each([
    ['malformed JSON', '{"type": "LogContact",', 'line'],
    ['a JSON array', '[1, 2]', 'line'],
    ['JSON null', 'null', 'line'],
    ['an unknown type', JSON.stringify({ type: 'DeleteEverything', clientId: CLIENT, body: {} }), 'type'],
    ['a prototype key as type', JSON.stringify({ type: 'constructor', clientId: CLIENT, body: {} }), 'type'],
    ['no client', JSON.stringify({ type: 'LogContact', body: {} }), 'clientId'],
    ['a body that is not an object', JSON.stringify({ type: 'LogContact', clientId: CLIENT, body: 'hi' }), 'body'],
    [
      'a body where the route takes none',
      JSON.stringify({ type: 'ClearPastDue', clientId: CLIENT, facilityId: 'F1', body: {} }),
      'body',
    ],
    ['a missing path parameter', JSON.stringify({ type: 'ClearPastDue', clientId: CLIENT }), 'facilityId'],
    [
      'a numeric idempotency key',
      JSON.stringify({ type: 'LogContact', clientId: CLIENT, body: {}, idempotencyKey: 5 }),
      'idempotencyKey',
    ],
  ])('answers %s with 400 naming the field', (_what, text, field) => {
    expect(parseBatchLine(3, text)).toEqual({
      line: 3,
      status: 400,
      error: {
        code: 'REQUEST.INVALID',
        message: 'The request is invalid.',
        errors: [expect.objectContaining({ field })],
      },
    });
  });
});
