import { Body, Controller, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, Public, TokenService } from '@crm/api-kit';
import { IssueDevTokenRequestDto } from './issue-dev-token.request.dto';

const DEV_TOKEN_TTL_SECONDS = 12 * 60 * 60;

/** Only mounted when AUTH_DEV_TOKENS=true, which the config refuses in production. */
@ApiTags('development')
@Controller('dev/tokens')
export class DevTokensController {
  constructor(private readonly tokens: TokenService) {}

  @ApiOperation({ summary: 'Mint a development token for any role (development only; refused in production)' })
  @Public()
  @Post()
  @ApiErrorResponses(400, 429)
  async issue(@Body() body: IssueDevTokenRequestDto): Promise<{ token: string; expiresIn: number }> {
    const token = await this.tokens.issue(
      {
        userId: body.sub,
        role: body.role,
        ...(body.branchId !== undefined ? { branchId: body.branchId } : {}),
        ...(body.managerId !== undefined ? { managerId: body.managerId } : {}),
        ...(body.scope !== undefined ? { scopes: [...new Set(body.scope.split(' '))] } : {}),
      },
      DEV_TOKEN_TTL_SECONDS,
    );
    return { token, expiresIn: DEV_TOKEN_TTL_SECONDS };
  }
}
