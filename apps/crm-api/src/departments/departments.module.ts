import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@crm/platform';
import { CommandGateway } from '../commands/command-gateway';
import { StreamStateCaches } from '../commands/stream-state-caches';
import { ReadYourWrites } from '../queries/read-your-writes';
import { DepartmentDirectoryModule, loadDepartmentDirectory } from './department-directory.provider';
import { DepartmentFeedbackController } from './department-feedback.http.controller';
import { DepartmentsController } from './departments.http.controller';
import { ProductFeedbackController } from './product-feedback.http.controller';
import { ServiceLevelsController } from '../service-levels/service-levels.http.controller';

/**
 * The departments (docs/decisions.md §62): the configured directory, read and checked at boot like
 * the bank calendar (a bad DEPARTMENTS_FILE stops the API) and global, since forwarding feedback,
 * the token check of product_department and the service levels name departments too; and their
 * routes: the list, each department's feedback queue, a product's feedback counts, the ratings of
 * departments and the internal service levels (ServiceLevelsController). Needs the
 * global event store, read models and CqrsModule; the gateway and read-your-writes are AppModule
 * providers it does not export, so this module has its own instances, as AlertsModule does.
 */
@Module({})
export class DepartmentsModule {
  static forRoot(config: Pick<AppConfig, 'departmentsFile'>): DynamicModule {
    return {
      module: DepartmentsModule,
      imports: [DepartmentDirectoryModule.forRoot(loadDepartmentDirectory(config))],
      controllers: [
        DepartmentsController,
        DepartmentFeedbackController,
        ProductFeedbackController,
        ServiceLevelsController,
      ],
      providers: [CommandGateway, StreamStateCaches, ReadYourWrites],
    };
  }
}
