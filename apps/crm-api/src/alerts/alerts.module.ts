import { Module } from '@nestjs/common';
import { CommandGateway } from '../commands/command-gateway';
import { StreamStateCaches } from '../commands/stream-state-caches';
import { ReadYourWrites } from '../queries/read-your-writes';
import { AlertCommandsController } from './alert-commands.http.controller';
import { AlertQueriesController } from './alert-queries.http.controller';

/**
 * Alert queries and the risk officers' alert commands. AlertQueries and ClientViewQueries come
 * from the (global) ReadModelsModule; the command bus, whose DecideHandler AppModule registers,
 * from the global CqrsModule. The gateway and read-your-writes are AppModule providers it does not
 * export, so this module has its own instances (the gateway's folded-state caches are only a
 * shortcut for the reads that feed commands; deciding always goes through the one handler).
 */
@Module({
  controllers: [AlertQueriesController, AlertCommandsController],
  providers: [CommandGateway, StreamStateCaches, ReadYourWrites],
})
export class AlertsModule {}
