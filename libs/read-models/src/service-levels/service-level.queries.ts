import type { ReadModelStore } from '../store/read-model-store.port';
import {
  internalServiceLevelsOf,
  type InternalServiceLevels,
  type ServiceDepartment,
  type ServiceLevelTargets,
  type ServiceLevelWindow,
} from './internal-service-levels';

/** The internal service levels over the live generation's `service_times` and `department_ratings`. */
export class ServiceLevelQueries {
  constructor(private readonly store: ReadModelStore) {}

  async internalServiceLevels(
    window: ServiceLevelWindow,
    departments: readonly ServiceDepartment[],
    targets: ServiceLevelTargets,
  ): Promise<InternalServiceLevels> {
    const [ended, ratings] = await Promise.all([
      this.store.serviceLevels.endedBetween(window.start, window.end),
      this.store.serviceLevels.ratingsBetween(window.start, window.end),
    ]);
    return internalServiceLevelsOf(window, departments, ended, ratings, targets);
  }
}
