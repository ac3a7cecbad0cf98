import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Department, DepartmentDirectory } from '@crm/domain';
import { Access, DEPARTMENT_DIRECTORY } from '@crm/api-kit';
import { ApiReadResponse } from '../openapi/api-read-response';

/** The bank's departments as configured (config/departments.yaml, DEPARTMENTS_FILE). */
@ApiTags('departments')
@ApiBearerAuth()
@Controller('departments')
export class DepartmentsController {
  constructor(@Inject(DEPARTMENT_DIRECTORY) private readonly directory: DepartmentDirectory) {}

  @ApiOperation({
    summary: 'The configured departments',
    description:
      "The bank's departments as the deployment configures them (DEPARTMENTS_FILE, read at boot), in file order: `id` (what `POST /v1/clients/{id}/feedback` forwards to, and the path of the department's queue), `name` and `kind` (product, risk, service, credit, operations). Always holds product, risk and service. Roles: relationship_manager, branch_head, risk_officer, service, admin, product_department.",
  })
  @ApiReadResponse('Departments', 'Every configured department')
  @Access('department.list')
  @Get()
  list(): { items: readonly Department[] } {
    return { items: this.directory.departments };
  }
}
