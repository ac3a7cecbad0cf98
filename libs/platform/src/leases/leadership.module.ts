import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Leadership, type LeadershipOptions } from './leadership';

/**
 * Puts the process's Leadership in reach of every worker module. A module that finds none runs its
 * worker unconditionally (one-off tools, tests of a single process).
 */
@Global()
@Module({})
export class LeadershipModule {
  static forRoot(options: LeadershipOptions): DynamicModule {
    return {
      module: LeadershipModule,
      providers: [{ provide: Leadership, useFactory: () => new Leadership(options) }],
      exports: [Leadership],
    };
  }
}
