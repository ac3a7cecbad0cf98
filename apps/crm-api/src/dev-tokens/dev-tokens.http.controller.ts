import { Body, Controller, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { findDepartment, type DepartmentDirectory } from '@crm/domain';
import { ApiError } from '@crm/platform';
import { ref } from '../openapi/schemas/schema-kit';
import { ApiErrorResponses, DEPARTMENT_DIRECTORY, Public, TokenService } from '@crm/api-kit';
import { IssueDevTokenRequestDto } from './issue-dev-token.request.dto';
import { ApiTourExample, TOUR } from '../openapi/tour-examples';

const DEV_TOKEN_TTL_SECONDS = 12 * 60 * 60;

/** Only mounted when AUTH_DEV_TOKENS=true, which the config refuses in production. */
@ApiTags('development')
@Controller('dev/tokens')
export class DevTokensController {
  constructor(
    private readonly tokens: TokenService,
    @Inject(DEPARTMENT_DIRECTORY) private readonly departments: DepartmentDirectory,
  ) {}

  @ApiOperation({
    summary: 'Mint a development token for any role (development only; refused in production)',
    description:
      'Signs a bearer token (12 hours) for any role, with optional branchId, managerId and service scopes; a product_department token needs the departmentId of a configured department (else 400 on `departmentId`), which other roles do not carry. Mounted only when AUTH_DEV_TOKENS=true, which the configuration refuses in production; public (no token).',
  })
  @Public()
  @Post()
  @ApiErrorResponses(400, 429)
  @ApiCreatedResponse({ description: 'The token and its lifetime', schema: ref('DevToken') })
  @ApiTourExample(IssueDevTokenRequestDto, TOUR.devToken)
  async issue(@Body() body: IssueDevTokenRequestDto): Promise<{ token: string; expiresIn: number }> {
    const department = body.role === 'product_department' ? body.departmentId : undefined;
    if (body.role === 'product_department' && findDepartment(this.departments, department) === null) {
      throw new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [
        {
          field: 'departmentId',
          message: 'departmentId must be a configured department for the product_department role',
        },
      ]);
    }
    const token = await this.tokens.issue(
      {
        userId: body.sub,
        role: body.role,
        ...(body.branchId !== undefined ? { branchId: body.branchId } : {}),
        ...(body.managerId !== undefined ? { managerId: body.managerId } : {}),
        ...(department !== undefined ? { departmentId: department } : {}),
        ...(body.scope !== undefined ? { scopes: [...new Set(body.scope.split(' '))] } : {}),
      },
      DEV_TOKEN_TTL_SECONDS,
    );
    return { token, expiresIn: DEV_TOKEN_TTL_SECONDS };
  }
}
