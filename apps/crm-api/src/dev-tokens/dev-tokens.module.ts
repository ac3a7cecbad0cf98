import { Module, type DynamicModule } from '@nestjs/common';
import { DevTokensController } from './dev-tokens.http.controller';

@Module({})
export class DevTokensModule {
  static register(enabled: boolean): DynamicModule {
    return { module: DevTokensModule, controllers: enabled ? [DevTokensController] : [] };
  }
}
