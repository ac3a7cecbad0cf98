import { BearerAuthenticator } from './bearer-authenticator';
import type { TokenService } from './token.service';

const principal = { userId: 'u-1', role: 'admin' as const };

describe('BearerAuthenticator', () => {
  const verify = jest.fn(async (token: string) => (token === 'good.token.sig' ? principal : null));
  const authenticator = new BearerAuthenticator({ verify } as unknown as TokenService);
  beforeEach(() => verify.mockClear());

  it('verifies a request once, however many guards ask', async () => {
    const request = { headers: { authorization: 'Bearer good.token.sig' } };
    expect(await authenticator.principalOf(request)).toEqual(principal);
    expect(await authenticator.principalOf(request)).toEqual(principal);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('takes the scheme in any case (RFC 7235)', async () => {
    expect(await authenticator.principalOf({ headers: { authorization: 'bearer good.token.sig' } })).toEqual(principal);
  });

  it.each([
    ['no header', undefined],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['an empty token', 'Bearer '],
    ['characters outside base64url', 'Bearer good.token.sig!'],
    ['two tokens', 'Bearer a.b.c d.e.f'],
    ['a repeated header', ['Bearer good.token.sig', 'Bearer good.token.sig']],
    ['a token over 8 KiB', `Bearer ${'a'.repeat(8193)}`],
  ])('refuses %s without asking the token service', async (_name, authorization) => {
    expect(await authenticator.principalOf({ headers: { authorization } })).toBeNull();
    expect(verify).not.toHaveBeenCalled();
  });
});
