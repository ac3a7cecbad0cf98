import { createHmac, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { HmacTokenKeys } from './hmac-token-keys';
import { algorithmOfKey } from './jwks-token-keys';
import type { JwtHeader } from './jwt-header';
import { TokenKeyError, type TokenAlgorithm, type TokenKeys } from './token-keys';
import { TokenService, type TokenRules } from './token.service';

const SECRET = 's'.repeat(40);
const RULES: TokenRules = { issuer: null, audience: null, clockToleranceSeconds: 30 };
const principal = { userId: 'u-1', role: 'branch_head' as const, branchId: 'BR-1' };
const now = () => Math.floor(Date.now() / 1000);

const b64 = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Signs exactly the header and claims given, so every hostile combination can be built. */
const forge = (
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  key: KeyObject | Buffer | null,
): string => {
  const input = `${b64(header)}.${b64(claims)}`;
  if (key === null) return `${input}.`;
  const alg = String(header.alg);
  let signature: Buffer;
  if (alg.startsWith('HS')) signature = createHmac('sha256', key).update(input).digest();
  else if (alg.startsWith('ES'))
    signature = sign('sha256', Buffer.from(input), { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
  else signature = sign('sha256', Buffer.from(input), key as KeyObject);
  return `${input}.${signature.toString('base64url')}`;
};

const claims = (extra: Record<string, unknown> = {}) => ({
  sub: 'u-1',
  role: 'branch_head',
  branchId: 'BR-1',
  exp: now() + 60,
  ...extra,
});

/** An identity provider's keys without the network: what JwksTokenKeys does after the fetch. */
class StaticAsymmetricKeys implements TokenKeys {
  readonly algorithms: readonly TokenAlgorithm[] = ['RS256', 'ES256'];
  readonly signingKey = null;
  constructor(private readonly byKid: Record<string, { key: KeyObject; declared?: string }>) {}
  async verificationKey(header: JwtHeader): Promise<KeyObject> {
    const entry = header.kid !== undefined ? this.byKid[header.kid] : undefined;
    if (!entry || algorithmOfKey(entry.key, entry.declared) !== header.alg) throw new TokenKeyError('no key');
    return entry.key;
  }
}

describe('TokenService with HS256 (JWT_SECRET)', () => {
  const tokens = new TokenService(new HmacTokenKeys(SECRET), RULES);
  const key = Buffer.from(SECRET);

  it('round-trips a principal', async () => {
    expect(await tokens.verify(await tokens.issue(principal, 60))).toEqual(principal);
  });

  it('refuses a token signed with another key', async () => {
    const other = new TokenService(new HmacTokenKeys('t'.repeat(40)), RULES);
    expect(await tokens.verify(await other.issue(principal, 60))).toBeNull();
  });

  it('refuses an expired token beyond the clock tolerance, accepts one within it', async () => {
    expect(await tokens.verify(forge({ alg: 'HS256', typ: 'JWT' }, claims({ exp: now() - 31 }), key))).toBeNull();
    expect(await tokens.verify(forge({ alg: 'HS256', typ: 'JWT' }, claims({ exp: now() - 10 }), key))).toEqual(
      principal,
    );
  });

  it('refuses a token that is not valid yet (nbf) beyond the tolerance', async () => {
    expect(await tokens.verify(forge({ alg: 'HS256' }, claims({ nbf: now() + 120 }), key))).toBeNull();
    expect(await tokens.verify(forge({ alg: 'HS256' }, claims({ nbf: now() + 10 }), key))).toEqual(principal);
  });

  it('refuses a token without exp, or with a non-numeric exp or nbf', async () => {
    const { exp: _ignored, ...withoutExp } = claims();
    expect(await tokens.verify(forge({ alg: 'HS256' }, withoutExp, key))).toBeNull();
    expect(await tokens.verify(forge({ alg: 'HS256' }, claims({ exp: String(now() + 60) }), key))).toBeNull();
    expect(await tokens.verify(forge({ alg: 'HS256' }, claims({ nbf: 'soon' }), key))).toBeNull();
  });

  it('refuses an unsigned (alg: none) token and a tampered one', async () => {
    expect(await tokens.verify(forge({ alg: 'none', typ: 'JWT' }, claims({ role: 'admin' }), null))).toBeNull();
    expect(await tokens.verify(forge({ alg: 'None' }, claims({ role: 'admin' }), null))).toBeNull();
    const [header, , signature] = (await tokens.issue(principal, 60)).split('.');
    expect(await tokens.verify(`${header}.${b64(claims({ role: 'admin' }))}.${signature}`)).toBeNull();
  });

  it('refuses other algorithms, even when correctly signed with the secret', async () => {
    expect(await tokens.verify(forge({ alg: 'HS512' }, claims(), key))).toBeNull();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(await tokens.verify(forge({ alg: 'RS256' }, claims(), rsa.privateKey))).toBeNull();
  });

  it('refuses headers it does not understand and malformed tokens', async () => {
    expect(await tokens.verify(forge({ alg: 'HS256', crit: ['exp'] }, claims(), key))).toBeNull();
    expect(await tokens.verify(forge({ alg: 'HS256', kid: 'a b' }, claims(), key))).toBeNull();
    for (const garbage of [
      '',
      'a',
      'a.b',
      'a.b.c',
      'a.b.c.d',
      `${b64('[]')}.${b64({})}.x`,
      `${b64('"HS256"')}.e30.x`,
      '...',
    ]) {
      expect(await tokens.verify(garbage)).toBeNull();
    }
  });

  it('refuses well-signed claims that are not a principal', async () => {
    expect(await tokens.verify(forge({ alg: 'HS256' }, claims({ role: 'superuser' }), key))).toBeNull();
    expect(await tokens.verify(forge({ alg: 'HS256' }, claims({ sub: '../../etc' }), key))).toBeNull();
    expect(
      await tokens.verify(
        `${b64({ alg: 'HS256' })}.${b64('"a string"')}.${createHmac('sha256', key)
          .update(`${b64({ alg: 'HS256' })}.${b64('"a string"')}`)
          .digest('base64url')}`,
      ),
    ).toBeNull();
  });

  it('checks iss and aud when configured, and puts them in the tokens it issues', async () => {
    const strict = new TokenService(new HmacTokenKeys(SECRET), {
      issuer: 'https://idp.bank',
      audience: ['crm-api', 'crm-batch'],
      clockToleranceSeconds: 30,
    });
    expect(await strict.verify(await strict.issue(principal, 60))).toEqual(principal);
    expect(
      await strict.verify(forge({ alg: 'HS256' }, claims({ iss: 'https://idp.bank', aud: 'crm-batch' }), key)),
    ).toEqual(principal);
    expect(
      await strict.verify(forge({ alg: 'HS256' }, claims({ iss: 'https://evil', aud: 'crm-api' }), key)),
    ).toBeNull();
    expect(
      await strict.verify(forge({ alg: 'HS256' }, claims({ iss: 'https://idp.bank', aud: 'other' }), key)),
    ).toBeNull();
    expect(await strict.verify(forge({ alg: 'HS256' }, claims(), key))).toBeNull();
  });
});

describe('TokenService remembering verified tokens', () => {
  const key = Buffer.from(SECRET);
  /** HS256 keys that count how often a signature is checked. */
  const counting = () => {
    const keys = new HmacTokenKeys(SECRET);
    const lookups = jest.spyOn(keys, 'verificationKey');
    return { tokens: new TokenService(keys, RULES), lookups };
  };
  afterEach(() => jest.useRealTimers());

  it('checks the signature of a token once a minute, not on every request', async () => {
    jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate'] });
    const { tokens, lookups } = counting();
    const token = forge({ alg: 'HS256' }, claims({ exp: now() + 3600 }), key);
    for (let i = 0; i < 5; i++) expect(await tokens.verify(token)).toEqual(principal);
    expect(lookups).toHaveBeenCalledTimes(1);
    jest.setSystemTime(Date.now() + 61_000);
    expect(await tokens.verify(token)).toEqual(principal);
    expect(lookups).toHaveBeenCalledTimes(2);
  });

  it('still refuses a remembered token once it expires, to the second of the clock tolerance', async () => {
    const exp = now() + 5;
    jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate'] });
    const { tokens } = counting();
    const token = forge({ alg: 'HS256' }, claims({ exp }), key);
    expect(await tokens.verify(token)).toEqual(principal);
    jest.setSystemTime((exp + RULES.clockToleranceSeconds) * 1000 - 1);
    expect(await tokens.verify(token)).toEqual(principal);
    jest.setSystemTime((exp + RULES.clockToleranceSeconds) * 1000);
    expect(await tokens.verify(token)).toBeNull();
  });

  it('remembers neither refused tokens nor a token before its nbf', async () => {
    jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate'] });
    const { tokens, lookups } = counting();
    const forged = forge({ alg: 'HS256' }, claims({ role: 'admin' }), Buffer.from('t'.repeat(40)));
    expect(await tokens.verify(forged)).toBeNull();
    expect(await tokens.verify(forged)).toBeNull();
    expect(lookups).toHaveBeenCalledTimes(2);
    const early = forge({ alg: 'HS256' }, claims({ nbf: now() + 45, exp: now() + 3600 }), key);
    expect(await tokens.verify(early)).toBeNull();
    jest.setSystemTime(Date.now() + 20_000);
    expect(await tokens.verify(early)).toEqual(principal);
  });
});

describe('TokenService with asymmetric keys (JWKS)', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const tokens = new TokenService(
    new StaticAsymmetricKeys({ rsa: { key: rsa.publicKey }, ec: { key: ec.publicKey, declared: 'ES256' } }),
    RULES,
  );

  it('accepts RS256 and ES256 signed by the published keys', async () => {
    expect(await tokens.verify(forge({ alg: 'RS256', kid: 'rsa' }, claims(), rsa.privateKey))).toEqual(principal);
    expect(await tokens.verify(forge({ alg: 'ES256', kid: 'ec' }, claims(), ec.privateKey))).toEqual(principal);
  });

  it('pins the algorithm to the key: never HS256, never an algorithm the key is not for', async () => {
    const publicPem = Buffer.from(rsa.publicKey.export({ format: 'pem', type: 'spki' }));
    // The classic confusion: an HMAC "signed" with the public key.
    expect(await tokens.verify(forge({ alg: 'HS256', kid: 'rsa' }, claims(), publicPem))).toBeNull();
    expect(await tokens.verify(forge({ alg: 'ES256', kid: 'rsa' }, claims(), ec.privateKey))).toBeNull();
    expect(await tokens.verify(forge({ alg: 'RS256', kid: 'ec' }, claims(), rsa.privateKey))).toBeNull();
    expect(await tokens.verify(forge({ alg: 'none', kid: 'rsa' }, claims(), null))).toBeNull();
    expect(await tokens.verify(forge({ alg: 'RS256', kid: 'unknown' }, claims(), rsa.privateKey))).toBeNull();
  });

  it('does not issue tokens: the identity provider does', async () => {
    await expect(tokens.issue(principal, 60)).rejects.toThrow(/identity provider/);
  });
});

describe('algorithmOfKey', () => {
  it('reads the algorithm from the key and refuses a declared one that differs', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(algorithmOfKey(rsa, undefined)).toBe('RS256');
    expect(algorithmOfKey(rsa, 'RS256')).toBe('RS256');
    expect(algorithmOfKey(rsa, 'PS256')).toBeNull();
    expect(algorithmOfKey(ec, undefined)).toBe('ES256');
    expect(algorithmOfKey(ec, 'RS256')).toBeNull();
  });

  it('refuses weak RSA keys and curves other than P-256', () => {
    expect(algorithmOfKey(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey, undefined)).toBeNull();
    expect(algorithmOfKey(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey, undefined)).toBeNull();
    expect(
      algorithmOfKey(
        createPrivateKey(generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' })),
        undefined,
      ),
    ).toBeNull();
  });
});

describe('TokenService and the configured departments', () => {
  const known = new Set(['cards', 'product']);
  const tokens = new TokenService(new HmacTokenKeys(SECRET), { ...RULES, knownDepartment: (id) => known.has(id) });

  it('accepts a product_department token of a configured department, and refuses one of another or of none', async () => {
    const cards = { userId: 'u-cards', role: 'product_department' as const, departmentId: 'cards' };
    expect(await tokens.verify(await tokens.issue(cards, 60))).toEqual(cards);
    expect(await tokens.verify(await tokens.issue({ ...cards, departmentId: 'legal' }, 60))).toBeNull();
    expect(await tokens.verify(await tokens.issue({ userId: 'u-x', role: 'product_department' }, 60))).toBeNull();
    expect(await tokens.verify(await tokens.issue(principal, 60))).toEqual(principal);
  });
});
