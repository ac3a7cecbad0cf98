import { INTERNAL_REQUEST_HEADER, internalRequestHeaders, isInternalRequest } from './internal-request';

describe('internal requests', () => {
  it('recognises the headers this process made', () => {
    expect(isInternalRequest({ ...internalRequestHeaders(), authorization: 'Bearer x' })).toBe(true);
  });

  it.each([
    ['no header', {}],
    ['a guessed value', { [INTERNAL_REQUEST_HEADER]: 'true' }],
    ['a value of the right length but wrong', { [INTERNAL_REQUEST_HEADER]: 'a'.repeat(43) }],
    ['the header twice', { [INTERNAL_REQUEST_HEADER]: [internalRequestHeaders()[INTERNAL_REQUEST_HEADER]!, 'x'] }],
  ])('refuses %s', (_what, headers) => {
    expect(isInternalRequest(headers)).toBe(false);
  });
});
