import { Module } from '@nestjs/common';
import { CommandGateway } from '../commands/command-gateway';
import { StreamStateCaches } from '../commands/stream-state-caches';
import { ReadYourWrites } from '../queries/read-your-writes';
import { RiskCaseCommandsController } from './risk-case-commands.http.controller';
import { RiskCaseDetails } from './risk-case-detail';
import { RiskCaseQueriesController } from './risk-case-queries.http.controller';

/**
 * Risk cases: one case's answer and the officers' commands on cases. The read models come from the
 * (global) ReadModelsModule, the command bus from the global CqrsModule; like AlertsModule, it has
 * its own gateway and read-your-writes instances.
 */
@Module({
  controllers: [RiskCaseQueriesController, RiskCaseCommandsController],
  providers: [CommandGateway, StreamStateCaches, ReadYourWrites, RiskCaseDetails],
})
export class RiskCasesModule {}
