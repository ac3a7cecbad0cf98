import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** The process's one registry; import it wherever a module registers series (it is built once). */
@Global()
@Module({ providers: [{ provide: Metrics, useFactory: () => new Metrics('crm_') }], exports: [Metrics] })
export class MetricsModule {}
