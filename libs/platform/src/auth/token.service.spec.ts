import { createSecretKey } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { TokenService } from './token.service';

const serviceWith = (secret: string) => {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return new TokenService(new JwtService({ secretOrKeyProvider: () => key }));
};

const SECRET = 's'.repeat(40);
const principal = { userId: 'u-1', role: 'branch_head' as const, branchId: 'BR-1' };

describe('TokenService', () => {
  const tokens = serviceWith(SECRET);

  it('round-trips a principal', async () => {
    expect(await tokens.verify(await tokens.issue(principal, 60))).toEqual(principal);
  });

  it('refuses a token signed with another key', async () => {
    expect(await tokens.verify(await serviceWith('t'.repeat(40)).issue(principal, 60))).toBeNull();
  });

  it('refuses an expired token', async () => {
    expect(await tokens.verify(await tokens.issue(principal, -10))).toBeNull();
  });

  it('refuses an unsigned (alg: none) token and a tampered one', async () => {
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    expect(await tokens.verify(`${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'u-1', role: 'admin' })}.`)).toBeNull();
    const [header, , signature] = (await tokens.issue(principal, 60)).split('.');
    expect(await tokens.verify(`${header}.${encode({ sub: 'u-1', role: 'admin' })}.${signature}`)).toBeNull();
  });

  it('refuses well-signed claims that are not a principal', async () => {
    const jwt = new JwtService({ secretOrKeyProvider: () => createSecretKey(Buffer.from(SECRET, 'utf8')) });
    expect(await tokens.verify(await jwt.signAsync({ role: 'superuser' }, { subject: 'u-1', algorithm: 'HS256' }))).toBeNull();
  });
});
