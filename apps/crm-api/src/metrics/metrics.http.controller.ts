import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController, ApiOperation } from '@nestjs/swagger';
import { Public } from '@crm/api-kit';
import { Metrics } from '@crm/platform';

/**
 * Prometheus scrape endpoint (`/metrics`, outside `/v1`). Open like health: it holds counts and
 * durations only; restrict it at the network edge where that matters.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
