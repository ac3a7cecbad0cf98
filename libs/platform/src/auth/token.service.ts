import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { principalFromClaims, type Principal } from './principal';

/** The one algorithm accepted; pinning it rules out `alg: none` and key-confusion attacks. */
const ALGORITHM = 'HS256';

@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  /** Null for any token that is malformed, unsigned, wrongly signed, expired or not yet valid. */
  async verify(token: string): Promise<Principal | null> {
    try {
      const claims: unknown = await this.jwt.verifyAsync(token, { algorithms: [ALGORITHM] });
      return principalFromClaims(claims);
    } catch {
      return null;
    }
  }

  async issue(principal: Principal, expiresInSeconds: number): Promise<string> {
    const { userId, ...claims } = principal;
    return this.jwt.signAsync({ ...claims }, { subject: userId, algorithm: ALGORITHM, expiresIn: expiresInSeconds });
  }
}
