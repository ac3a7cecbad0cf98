import { Module } from '@nestjs/common';
import { BatchesController } from './batches.http.controller';
import { BatchRunner } from './batch-runner';

/** `POST /v1/batches`: many client commands in one NDJSON stream, each run through its own route. */
@Module({ controllers: [BatchesController], providers: [BatchRunner] })
export class BatchesModule {}
