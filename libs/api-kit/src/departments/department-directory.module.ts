import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { DepartmentDirectory } from '@crm/domain';

/**
 * Injection token of the departments loaded at boot (config/departments.yaml): the routes that
 * name a department, the commands that forward feedback, and the token check of product_department.
 */
export const DEPARTMENT_DIRECTORY = Symbol('DEPARTMENT_DIRECTORY');

/** Global, like the bank calendar: every module that names a department must see the same ones. */
@Global()
@Module({})
export class DepartmentDirectoryModule {
  static forRoot(directory: DepartmentDirectory): DynamicModule {
    return {
      module: DepartmentDirectoryModule,
      providers: [{ provide: DEPARTMENT_DIRECTORY, useValue: directory }],
      exports: [DEPARTMENT_DIRECTORY],
    };
  }
}
