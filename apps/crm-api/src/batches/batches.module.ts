import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BatchLineRoutes } from './batch-line-routes';
import { BatchMetrics } from './batch.metrics';
import { BatchesController } from './batches.http.controller';
import { BatchRunner } from './batch-runner';

/** `POST /v1/batches`: many client commands in one NDJSON stream, each run through its own route. */
@Module({
  imports: [DiscoveryModule],
  controllers: [BatchesController],
  providers: [BatchRunner, BatchLineRoutes, BatchMetrics],
})
export class BatchesModule {}
