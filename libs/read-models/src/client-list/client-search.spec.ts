import { InvalidCursorError } from '../timeline/invalid-cursor.error';
import { InvalidQueryError } from '../queries/invalid-query.error';
import { decodeSearchCursor, encodeSearchCursor, validSearchLimit } from './client-search';

describe('client search cursor and input', () => {
  const id = '0190a4c2-000a-7000-8000-00000000002a';

  it('round-trips a client id through an opaque cursor', () => {
    const cursor = encodeSearchCursor(id);
    expect(cursor).not.toContain(id);
    expect(decodeSearchCursor(cursor)).toBe(id);
  });

  it.each([
    '',
    'abc',
    id,
    Buffer.from(`c1:${id}x`).toString('base64url'),
    Buffer.from(`c2:${id}`).toString('base64url'),
    '%%%%',
    'a'.repeat(65),
  ])('refuses cursor %p with a typed error on field "cursor"', (cursor) => {
    expect(() => decodeSearchCursor(cursor)).toThrow(InvalidCursorError);
    try {
      decodeSearchCursor(cursor);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidQueryError);
      expect((error as InvalidQueryError).field).toBe('cursor');
    }
  });

  it('accepts limits 1…200 only', () => {
    expect(validSearchLimit(1)).toBe(1);
    expect(validSearchLimit(200)).toBe(200);
    for (const limit of [0, 201, 1.5, Number.NaN]) expect(() => validSearchLimit(limit)).toThrow(InvalidQueryError);
  });
});
