import { parseDepartments, type DepartmentDirectory } from '@crm/domain';
import { loadDepartmentsFile, type AppConfig } from '@crm/platform';

export { DEPARTMENT_DIRECTORY, DepartmentDirectoryModule } from '@crm/api-kit';

/**
 * The departments of DEPARTMENTS_FILE, read and checked once at boot: a bad file stops the API with
 * one line naming it and every problem (DepartmentsFileError), as a bad bank calendar does.
 */
export const loadDepartmentDirectory = (config: Pick<AppConfig, 'departmentsFile'>): DepartmentDirectory =>
  loadDepartmentsFile(config.departmentsFile, parseDepartments);
