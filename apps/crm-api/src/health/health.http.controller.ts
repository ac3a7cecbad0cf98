import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { RelayWorker } from '@crm/messaging';
import { RiskMonitorWorker } from '@crm/risk';
import { APP_CONFIG, Leadership, type AppConfig, type LeadershipStatus } from '@crm/platform';
import { AuditWriter, Public } from '@crm/api-kit';
import { ProjectionRunner } from '@crm/read-models';
import { ReadPathWarmUp } from '../queries/read-path-warm-up';
import { degradationsOf } from './degradations';

/** Ready, but with parts not working: the same 200, `status: 'degraded'` and the causes. */
export type ReadinessResult = HealthCheckResult | (Omit<HealthCheckResult, 'status'> & DegradedReadiness);
type DegradedReadiness = Readonly<{ status: 'degraded'; degraded: readonly string[] }>;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly projector: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly warmUp: ReadPathWarmUp,
    private readonly audit: AuditWriter,
    @Optional() private readonly relay?: RelayWorker,
    @Optional() private readonly riskMonitor?: RiskMonitorWorker,
    @Optional() private readonly leadership?: Leadership,
  ) {}

  /** Who runs `worker` (this process or another replica), when it runs behind a lease here. */
  private roleOf(
    worker: string,
  ): Readonly<{ role: LeadershipStatus['role']; leader: string | null; since: string | null }> | null {
    const status = this.leadership?.get(worker)?.status();
    if (status === undefined) return null;
    return { role: status.role, leader: status.holder?.identity ?? null, since: status.holder?.since ?? null };
  }

  /** The process is up; says nothing about its dependencies, so orchestrators do not restart it for them. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([() => this.indicators.check('process').up()]);
  }

  /**
   * Ready to serve: the store answers, the read path is warm (ReadPathWarmUp: down while the
   * views are read in at start, up once done, given up or failed) and, when this process leads
   * it, the projector is running. Each worker behind a lease says `role` (leader or standby) and
   * `leader` (`host/pid`) and `since`; a standby is ready, since it serves HTTP. The relay
   * is reported but never makes the API unready: with Kafka down, commands still land in the
   * store and the relay delivers them when it is back. Such parts (the relay, the risk monitor,
   * the read audit) make a ready API answer `status: 'degraded'` with their causes in `degraded`.
   */
  @Get('ready')
  @HealthCheck()
  async ready(): Promise<ReadinessResult> {
    const result = await this.checks();
    // A standby's workers do not run here; their state is the leader's to report.
    const leads = (worker: string): boolean => this.roleOf(worker)?.role !== 'standby';
    const degraded = degradationsOf({
      relay: leads('relay') ? this.relay?.status() : undefined,
      riskMonitor: leads('risk-monitor') ? this.riskMonitor?.status() : undefined,
      auditSaturated: this.audit.saturated,
    });
    return degraded.length === 0 ? result : { ...result, status: 'degraded', degraded };
  }

  private checks(): Promise<HealthCheckResult> {
    return this.health.check([
      async () => {
        const session = this.indicators.check('eventStore');
        try {
          return session.up({ head: (await this.store.headPosition()).toString() });
        } catch {
          return session.down({ message: 'unreachable' });
        }
      },
      async () => {
        const session = this.indicators.check('projector');
        if (!this.config.workers.includes('projector')) return session.up({ message: 'runs in another process' });
        const role = this.roleOf('projector');
        // A standby serves reads as well as the leader: the views are shared, another replica projects.
        if (role !== null && role.role !== 'leader') return session.up({ ...role });
        const status = this.projector.status();
        const details = { ...role, checkpoint: status.checkpoint, caughtUp: status.caughtUp };
        return status.running && !status.lastError ? session.up(details) : session.down(details);
      },
      async () => {
        const session = this.indicators.check('readPath');
        const { state, rows, total, mib, seconds } = this.warmUp.status();
        const details = { state, views: rows, of: total, mib: Math.round(mib), seconds: Math.round(seconds * 10) / 10 };
        return state === 'warming' ? session.down(details) : session.up(details);
      },
      async () => {
        const session = this.indicators.check('relay');
        if (this.relay === undefined) {
          return session.up({
            message: this.config.kafkaBrokers ? 'runs in another process' : 'off (no KAFKA_BROKERS)',
          });
        }
        const role = this.roleOf('relay');
        if (role !== null && role.role !== 'leader') return session.up({ ...role });
        const status = this.relay.status();
        return session.up({
          ...role,
          kafka: status.lastError === null ? 'reachable' : 'unreachable',
          checkpoint: status.checkpoint,
          published: status.published,
          failingSince: status.failingSince,
        });
      },
      async () => {
        // Parked clients are shown, not failed on: the others' alerts still flow.
        const session = this.indicators.check('riskMonitor');
        if (this.riskMonitor === undefined) return session.up({ message: 'runs in another process' });
        const role = this.roleOf('risk-monitor');
        if (role !== null && role.role !== 'leader') return session.up({ ...role });
        const status = this.riskMonitor.status();
        const parked = await this.riskMonitor.parkedClients();
        const details = {
          ...role,
          source: status.source,
          running: status.running,
          startError: status.startError,
          parkedClients: parked.length,
          parked: parked.slice(0, 20).map((client) => ({
            clientId: client.clientId,
            held: client.held,
            since: client.since,
            attempts: client.attempts,
          })),
        };
        return session.up(details);
      },
    ]);
  }
}
