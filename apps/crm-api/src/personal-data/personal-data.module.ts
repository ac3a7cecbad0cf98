import { Module } from '@nestjs/common';
import { CommandGateway } from '../commands/command-gateway';
import { StreamStateCaches } from '../commands/stream-state-caches';
import { PersonalDataController } from './personal-data.http.controller';

/**
 * Erasure of a client's personal data (crypto-shredding). The command bus (whose DecideHandler
 * AppModule registers) and the event store are global; the gateway is an AppModule provider it does
 * not export, so this module has its own instance, as AlertsModule does.
 */
@Module({
  controllers: [PersonalDataController],
  providers: [CommandGateway, StreamStateCaches],
})
export class PersonalDataModule {}
