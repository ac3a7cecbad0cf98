import type { IncomingMessage } from 'node:http';
import { requestIdOf } from './request-id';

const requestWith = (header?: string | string[]) =>
  ({ headers: header === undefined ? {} : { 'x-request-id': header } }) as IncomingMessage;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdOf', () => {
  it('keeps a safe incoming id', () => {
    expect(requestIdOf(requestWith('4bf92f35-77b3-4da6-a3ce-929d0e0e4736'))).toBe(
      '4bf92f35-77b3-4da6-a3ce-929d0e0e4736',
    );
    expect(requestIdOf(requestWith('gw-1234'))).toBe('gw-1234');
  });

  it.each([
    ['log-line injection', 'abc\n{"level":60}'],
    ['too long', 'a'.repeat(65)],
    ['markup', '<script>'],
    ['spaces', 'a b'],
    ['empty', ''],
  ])('replaces an unsafe one (%s) with a uuid', (_name, header) => {
    expect(requestIdOf(requestWith(header))).toMatch(UUID);
  });

  it('generates one when absent or repeated, and answers the same for the same request', () => {
    expect(requestIdOf(requestWith())).toMatch(UUID);
    expect(requestIdOf(requestWith(['a', 'b']))).toMatch(UUID);
    const request = requestWith();
    expect(requestIdOf(request)).toBe(requestIdOf(request));
  });
});
