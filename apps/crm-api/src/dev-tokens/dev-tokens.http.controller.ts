import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ref } from '../openapi/schemas/schema-kit';
import { ApiErrorResponses, Public, TokenService } from '@crm/api-kit';
import { IssueDevTokenRequestDto } from './issue-dev-token.request.dto';
import { ApiTourExample, TOUR } from '../openapi/tour-examples';

const DEV_TOKEN_TTL_SECONDS = 12 * 60 * 60;

/** Only mounted when AUTH_DEV_TOKENS=true, which the config refuses in production. */
@ApiTags('development')
@Controller('dev/tokens')
export class DevTokensController {
  constructor(private readonly tokens: TokenService) {}

  @ApiOperation({
    summary: 'Mint a development token for any role (development only; refused in production)',
    description:
      'Signs a bearer token (12 hours) for any role, with optional branchId, managerId and service scopes. Mounted only when AUTH_DEV_TOKENS=true, which the configuration refuses in production; public (no token).',
  })
  @Public()
  @Post()
  @ApiErrorResponses(400, 429)
  @ApiCreatedResponse({ description: 'The token and its lifetime', schema: ref('DevToken') })
  @ApiTourExample(IssueDevTokenRequestDto, TOUR.devToken)
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
