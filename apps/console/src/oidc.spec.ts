import { codeChallenge } from './oidc';

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636’s own example', async () => {
    // RFC 7636 appendix B.
    await expect(codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
});
