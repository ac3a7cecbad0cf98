import { createHmac, generateKeyPairSync, randomUUID, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEV_JWT_SECRET, loadConfig } from '@crm/platform';
import { ApiClient, freePort, scratchDir, startProcess, waitForHttp, type RunningProcess } from '@crm/testing';
import { createCrmApi } from '../../apps/crm-api/src/bootstrap';

/**
 * Authentication end to end (docs/security.md, threat model): HS256 with JWT_SECRET in-process, RS256/ES256 from a
 * JWKS served by a real local HTTP server to the compiled app in its own process (jwks-rsa needs
 * an ES module jest cannot load on Node 20; the real runtime can), every rejection answered with
 * the same 401, per-caller rate limiting, and the boot refusals of an unsafe production config.
 * The process parts need the compiled app (`npm test` builds it first).
 */
const MAIN = resolve(__dirname, '../../dist/apps/crm-api/src/main.js');

const SECRET = 'an-hs256-secret-for-the-authentication-suite-0123456789';
const ISSUER = 'https://idp.bank.example/';
const AUDIENCE = 'crm-api';
const UNAUTHENTICATED = { code: 'AUTH.UNAUTHENTICATED', message: 'A valid bearer token is required.', errors: [] };

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Signs exactly the header and claims given, so every hostile combination can be built. */
const forge = (
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  key: KeyObject | Buffer | string | null,
): string => {
  const input = `${b64(header)}.${b64(claims)}`;
  if (key === null) return `${input}.`;
  const alg = String(header.alg);
  if (alg.startsWith('HS'))
    return `${input}.${createHmac(`sha${alg.slice(2)}`, key as Buffer | string)
      .update(input)
      .digest('base64url')}`;
  const signature = alg.startsWith('ES')
    ? sign('sha256', Buffer.from(input), { key: key as KeyObject, dsaEncoding: 'ieee-p1363' })
    : sign('sha256', Buffer.from(input), key as KeyObject);
  return `${input}.${signature.toString('base64url')}`;
};

const admin = (extra: Record<string, unknown> = {}) => ({
  sub: 'u-admin',
  role: 'admin',
  iss: ISSUER,
  aud: AUDIENCE,
  exp: now() + 300,
  ...extra,
});

/** A route every authenticated admin may read; anything but 401 means the token was accepted. */
const PROTECTED = '/v1/clients?limit=1';

describe('authentication with HS256 (JWT_SECRET), in-process', () => {
  const dir = scratchDir('crm-auth-hs');
  let app: NestFastifyApplication;
  let api: ApiClient;

  beforeAll(async () => {
    app = await createCrmApi(
      loadConfig({
        SQLITE_PATH: join(dir.path, 'crm.sqlite'),
        SQLITE_DURABLE: 'false',
        LOG_LEVEL: 'silent',
        WORKERS: 'projector',
        JWT_SECRET: SECRET,
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: `${AUDIENCE},crm-batch`,
      }),
    );
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    api = new ApiClient(`http://127.0.0.1:${address.port}`);
  });

  afterAll(async () => {
    await app?.close();
    dir.cleanup();
  });

  const status = async (authorization: string | null) =>
    (await api.get(PROTECTED, authorization === null ? {} : { authorization })).status;

  it('accepts a well-formed token, within the clock tolerance, and the dev tokens it issues', async () => {
    expect(await status(`Bearer ${forge({ alg: 'HS256', typ: 'JWT' }, admin(), SECRET)}`)).toBe(200);
    expect(await status(`Bearer ${forge({ alg: 'HS256' }, admin({ aud: ['other', 'crm-batch'] }), SECRET)}`)).toBe(200);
    expect(await status(`Bearer ${forge({ alg: 'HS256' }, admin({ exp: now() - 10 }), SECRET)}`)).toBe(200);
    expect(await status(`Bearer ${forge({ alg: 'HS256' }, admin({ nbf: now() + 10 }), SECRET)}`)).toBe(200);
    expect(await status(`bearer ${forge({ alg: 'HS256' }, admin(), SECRET)}`)).toBe(200);
    const issued = await api.post<{ token: string }>('/v1/dev/tokens', { sub: 'u-dev', role: 'admin' });
    expect(issued.status).toBe(201);
    expect(await status(`Bearer ${issued.body.token}`)).toBe(200);
  });

  const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rejected: [string, () => string | null][] = [
    ['no Authorization header', () => null],
    ['another scheme', () => `Basic ${b64('admin:admin')}`],
    ['an empty bearer', () => 'Bearer '],
    ['garbage', () => 'Bearer not.a.token'],
    ['two parts', () => `Bearer ${b64({ alg: 'HS256' })}.${b64(admin())}`],
    ['a JSON array header', () => `Bearer ${b64([1])}.${b64(admin())}.x`],
    ['alg: none', () => `Bearer ${forge({ alg: 'none', typ: 'JWT' }, admin(), null)}`],
    ['alg: None', () => `Bearer ${forge({ alg: 'None' }, admin(), null)}`],
    ['alg: none with a signature', () => `Bearer ${forge({ alg: 'none' }, admin(), null)}c2ln`],
    ['HS512 with the right secret', () => `Bearer ${forge({ alg: 'HS512' }, admin(), SECRET)}`],
    [
      'RS256 (asymmetric, with HS256 configured)',
      () => `Bearer ${forge({ alg: 'RS256' }, admin(), otherRsa.privateKey)}`,
    ],
    ['a wrong secret', () => `Bearer ${forge({ alg: 'HS256' }, admin(), 'x'.repeat(48))}`],
    [
      'a tampered payload',
      () => {
        const [header, , signature] = forge({ alg: 'HS256' }, admin({ role: 'dpo' }), SECRET).split('.');
        return `Bearer ${header}.${b64(admin())}.${signature}`;
      },
    ],
    ['expired beyond the tolerance', () => `Bearer ${forge({ alg: 'HS256' }, admin({ exp: now() - 60 }), SECRET)}`],
    ['not valid yet (nbf)', () => `Bearer ${forge({ alg: 'HS256' }, admin({ nbf: now() + 120 }), SECRET)}`],
    [
      'no exp',
      () => {
        const { exp: _exp, ...claims } = admin();
        return `Bearer ${forge({ alg: 'HS256' }, claims, SECRET)}`;
      },
    ],
    ['exp as a string', () => `Bearer ${forge({ alg: 'HS256' }, admin({ exp: String(now() + 300) }), SECRET)}`],
    ['a wrong issuer', () => `Bearer ${forge({ alg: 'HS256' }, admin({ iss: 'https://evil.example/' }), SECRET)}`],
    ['no issuer', () => `Bearer ${forge({ alg: 'HS256' }, admin({ iss: undefined }), SECRET)}`],
    ['a wrong audience', () => `Bearer ${forge({ alg: 'HS256' }, admin({ aud: 'another-api' }), SECRET)}`],
    ['no audience', () => `Bearer ${forge({ alg: 'HS256' }, admin({ aud: undefined }), SECRET)}`],
    ['an unknown role', () => `Bearer ${forge({ alg: 'HS256' }, admin({ role: 'root' }), SECRET)}`],
    ['a hostile sub', () => `Bearer ${forge({ alg: 'HS256' }, admin({ sub: '../../etc/passwd' }), SECRET)}`],
    ['a critical header extension', () => `Bearer ${forge({ alg: 'HS256', crit: ['exp'] }, admin(), SECRET)}`],
    ['the development secret', () => `Bearer ${forge({ alg: 'HS256' }, admin(), DEV_JWT_SECRET)}`],
  ];

  it.each(rejected)('answers %s with the one fixed 401', async (_name, authorization) => {
    const header = authorization();
    const response = await api.get(PROTECTED, header === null ? {} : { authorization: header });
    expect(response.status).toBe(401);
    expect(response.body).toEqual(UNAUTHENTICATED);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9-]{1,64}$/);
  });
});

describe('per-caller rate limiting (RATE_LIMIT_PER_MINUTE)', () => {
  const dir = scratchDir('crm-auth-rate');
  const apps: NestFastifyApplication[] = [];

  const start = async (limit: string): Promise<ApiClient> => {
    const app = await createCrmApi(
      loadConfig({
        SQLITE_PATH: join(dir.path, `crm-${limit}.sqlite`),
        SQLITE_DURABLE: 'false',
        LOG_LEVEL: 'silent',
        WORKERS: 'projector',
        JWT_SECRET: SECRET,
        RATE_LIMIT_PER_MINUTE: limit,
      }),
    );
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    return new ApiClient(`http://127.0.0.1:${address.port}`);
  };

  afterAll(async () => {
    for (const app of apps) await app.close();
    dir.cleanup();
  });

  const tokenOf = (sub: string) => forge({ alg: 'HS256' }, { sub, role: 'admin', exp: now() + 300 }, SECRET);

  it('counts each user on their own and answers the one over the limit with 429 and Retry-After', async () => {
    const api = await start('5');
    const alice = api.withToken(tokenOf('u-alice'));
    for (let i = 0; i < 5; i++) expect((await alice.get(PROTECTED)).status).toBe(200);
    const refused = await alice.get(PROTECTED);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      code: 'REQUEST.RATE_LIMITED',
      message: 'Too many requests; retry after the time in Retry-After.',
      errors: [],
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Another user behind the same address is not affected: counting is by verified `sub`.
    expect((await api.withToken(tokenOf('u-bob')).get(PROTECTED)).status).toBe(200);
  });

  it('counts callers without a valid token by address, before authentication', async () => {
    const api = await start('4');
    const forged = api.withToken(
      forge({ alg: 'HS256' }, { sub: 'u-victim', role: 'admin', exp: now() + 300 }, 'x'.repeat(40)),
    );
    for (let i = 0; i < 4; i++) expect((await forged.get(PROTECTED)).status).toBe(401);
    expect((await forged.get(PROTECTED)).status).toBe(429);
    // The forged token's `sub` was never trusted: the real u-victim still has their whole budget.
    expect((await api.withToken(tokenOf('u-victim')).get(PROTECTED)).status).toBe(200);
  });

  it('is off with RATE_LIMIT_PER_MINUTE=0', async () => {
    const api = (await start('0')).withToken(tokenOf('u-carol'));
    for (let i = 0; i < 30; i++) expect((await api.get(PROTECTED)).status).toBe(200);
  });
});

/** A JWKS endpoint on this host, counting how often it is asked. */
class JwksServer {
  keys: JsonWebKey[] = [];
  requests = 0;
  private readonly server: Server = createServer((_request, response) => {
    this.requests += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.keys }));
  });

  async start(): Promise<string> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    const address = this.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    return `http://127.0.0.1:${address.port}/.well-known/jwks.json`;
  }

  stop(): Promise<void> {
    return new Promise((done) => this.server.close(() => done()));
  }
}

const publicJwk = (key: KeyObject, extra: Record<string, string>): JsonWebKey => ({
  ...key.export({ format: 'jwk' }),
  use: 'sig',
  ...extra,
});

describe('authentication with RS256/ES256 from JWT_JWKS_URL, compiled app in its own process', () => {
  const dir = scratchDir('crm-auth-jwks');
  const jwks = new JwksServer();
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ps = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let running: RunningProcess | undefined;
  let api: ApiClient;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
    jwks.keys = [
      publicJwk(rsa.publicKey, { kid: 'rsa-1', alg: 'RS256' }),
      // No `alg`: the algorithm is read from the key (EC P-256 → ES256).
      publicJwk(ec.publicKey, { kid: 'ec-1' }),
      // Declares an algorithm this service does not accept: never used.
      publicJwk(ps.publicKey, { kid: 'ps-1', alg: 'PS256' }),
    ];
    const jwksUrl = await jwks.start();
    const port = await freePort();
    running = startProcess(MAIN, {
      PORT: String(port),
      HOST: '127.0.0.1',
      SQLITE_PATH: join(dir.path, 'crm.sqlite'),
      SQLITE_DURABLE: 'false',
      WORKERS: 'projector',
      LOG_LEVEL: 'info',
      AUTH_DEV_TOKENS: 'false',
      JWT_JWKS_URL: jwksUrl,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      // Never used for verification with a JWKS; app-config still asks for it (see the report).
      JWT_SECRET: SECRET,
    });
    api = new ApiClient(`http://127.0.0.1:${port}`);
    await waitForHttp(`${api.baseUrl}/health/live`, running);
  });

  afterAll(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    await jwks.stop();
    dir.cleanup();
  });

  const status = async (token: string) => (await api.withToken(token).get(PROTECTED)).status;

  it('accepts RS256 and ES256 tokens signed with the published keys', async () => {
    expect(await status(forge({ alg: 'RS256', kid: 'rsa-1', typ: 'JWT' }, admin(), rsa.privateKey))).toBe(200);
    expect(await status(forge({ alg: 'ES256', kid: 'ec-1' }, admin(), ec.privateKey))).toBe(200);
  });

  const rejected: [string, () => string][] = [
    ['HS256 signed with JWT_SECRET', () => forge({ alg: 'HS256' }, admin(), SECRET)],
    [
      'HS256 signed with the public key (key confusion)',
      () =>
        forge(
          { alg: 'HS256', kid: 'rsa-1' },
          admin(),
          Buffer.from(rsa.publicKey.export({ format: 'pem', type: 'spki' })),
        ),
    ],
    ['RS256 naming the EC key', () => forge({ alg: 'RS256', kid: 'ec-1' }, admin(), rsa.privateKey)],
    ['ES256 naming the RSA key', () => forge({ alg: 'ES256', kid: 'rsa-1' }, admin(), ec.privateKey)],
    ['RS256 with a key published for PS256', () => forge({ alg: 'RS256', kid: 'ps-1' }, admin(), ps.privateKey)],
    ['an unknown kid', () => forge({ alg: 'RS256', kid: 'nobody' }, admin(), rsa.privateKey)],
    ['no kid while several keys are published', () => forge({ alg: 'RS256' }, admin(), rsa.privateKey)],
    ['another key under a published kid', () => forge({ alg: 'RS256', kid: 'rsa-1' }, admin(), impostor.privateKey)],
    ['alg: none', () => forge({ alg: 'none', kid: 'rsa-1' }, admin(), null)],
    ['expired', () => forge({ alg: 'RS256', kid: 'rsa-1' }, admin({ exp: now() - 120 }), rsa.privateKey)],
    ['not valid yet', () => forge({ alg: 'ES256', kid: 'ec-1' }, admin({ nbf: now() + 300 }), ec.privateKey)],
    ['no exp', () => forge({ alg: 'RS256', kid: 'rsa-1' }, admin({ exp: undefined }), rsa.privateKey)],
    [
      'a wrong issuer',
      () => forge({ alg: 'RS256', kid: 'rsa-1' }, admin({ iss: 'https://evil.example/' }), rsa.privateKey),
    ],
    ['a wrong audience', () => forge({ alg: 'ES256', kid: 'ec-1' }, admin({ aud: 'another-api' }), ec.privateKey)],
    [
      'a tampered payload',
      () => {
        const [header, , signature] = forge(
          { alg: 'RS256', kid: 'rsa-1' },
          admin({ role: 'dpo' }),
          rsa.privateKey,
        ).split('.');
        return `${header}.${b64(admin())}.${signature}`;
      },
    ],
  ];

  it.each(rejected)('answers %s with the one fixed 401', async (_name, token) => {
    const response = await api.withToken(token()).get(PROTECTED);
    expect(response.status).toBe(401);
    expect(response.body).toEqual(UNAUTHENTICATED);
  });

  it('picks up a rotated-in key, and a flood of unknown kids does not flood the JWKS endpoint', async () => {
    const next = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    jwks.keys = [...jwks.keys, publicJwk(next.publicKey, { kid: 'ec-2', alg: 'ES256' })];
    expect(await status(forge({ alg: 'ES256', kid: 'ec-2' }, admin(), next.privateKey))).toBe(200);

    const before = jwks.requests;
    for (let i = 0; i < 40; i++)
      expect(await status(forge({ alg: 'RS256', kid: `forged-${randomUUID()}` }, admin(), rsa.privateKey))).toBe(401);
    // jwks-rsa allows 10 fetches a minute; known keys still verify from the cache meanwhile.
    expect(jwks.requests - before).toBeLessThanOrEqual(10);
    expect(await status(forge({ alg: 'RS256', kid: 'rsa-1' }, admin(), rsa.privateKey))).toBe(200);
  });

  it('offers no development tokens', async () => {
    expect((await api.post('/v1/dev/tokens', { sub: 'u-x', role: 'admin' })).status).toBe(404);
  });

  it('logs a request id and a trace id on every request line, and never a token', () => {
    const lines = (running?.output() ?? '').split('\n').filter((line) => line.startsWith('{'));
    const requestLines = lines.filter((line) => line.includes('"req"'));
    expect(requestLines.length).toBeGreaterThan(10);
    for (const line of requestLines) {
      expect(line).toMatch(/"requestId":"[A-Za-z0-9-]{1,64}"/);
      expect(line).toMatch(/"traceId":"[0-9a-f]{32}"/);
    }
    expect(lines.join('\n')).not.toMatch(/eyJ|Bearer /);
  });
});

describe('refused configurations (the compiled app exits at boot)', () => {
  const dir = scratchDir('crm-auth-boot');
  afterAll(() => dir.cleanup());

  const production = {
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DATA_KEY_SECRET: 'a-data-key-secret-of-at-least-32-bytes-for-tests',
  };

  it.each([
    [
      'development tokens in production',
      { ...production, AUTH_DEV_TOKENS: 'true', JWT_SECRET: SECRET },
      'AUTH_DEV_TOKENS',
    ],
    ['no secret in production', { ...production }, 'JWT_SECRET'],
    ['a short secret', { ...production, JWT_SECRET: 'hunter2-is-not-a-secret' }, 'JWT_SECRET'],
    ['the development secret in production', { ...production, JWT_SECRET: DEV_JWT_SECRET }, 'JWT_SECRET'],
    [
      'a JWKS in clear over the network',
      { ...production, JWT_SECRET: SECRET, JWT_JWKS_URL: 'http://idp.bank.example/jwks.json' },
      'JWT_JWKS_URL',
    ],
    [
      'a JWKS beside development tokens',
      { JWT_JWKS_URL: 'https://idp.bank.example/jwks.json', PORT: '0', LOG_LEVEL: 'silent' },
      'JWT_JWKS_URL',
    ],
    ['a bad rate limit', { RATE_LIMIT_PER_MINUTE: 'lots', PORT: '0', LOG_LEVEL: 'silent' }, 'RATE_LIMIT_PER_MINUTE'],
  ])('%s', async (_name, env, variable) => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
    const running = startProcess(MAIN, { SQLITE_PATH: join(dir.path, `${randomUUID()}.sqlite`), ...env });
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      running.exited,
      new Promise<'running'>((done) => (timer = setTimeout(() => done('running'), 15_000))),
    ]);
    clearTimeout(timer);
    if (code === 'running') running.child.kill('SIGKILL');
    expect(code).toBe(1);
    const output = running.output();
    expect(output).toContain(`invalid configuration: ${variable}`);
    // One line naming the variable; no stack, and never the value.
    expect(output).not.toMatch(/\n\s+at /);
    expect(output).not.toContain('hunter2');
  });
});
