import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@crm/api-kit';
import { DevTokensController } from './dev-tokens.http.controller';

@Module({})
export class DevTokensModule {
  static register(enabled: boolean): DynamicModule {
    return { module: DevTokensModule, imports: [AuthModule], controllers: enabled ? [DevTokensController] : [] };
  }
}
