import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { RelayWorker } from '@crm/messaging';
import { RiskMonitorWorker } from '@crm/risk';
import { APP_CONFIG, Leadership, type AppConfig, type LeadershipStatus } from '@crm/platform';
import { AuditWriter, Public, resourceFaultOf } from '@crm/api-kit';
import { ProjectionRunner } from '@crm/read-models';
import { ReadPathWarmUp } from '../queries/read-path-warm-up';
import { degradationsOf } from './degradations';
import { StorageFaults } from './storage-faults';
import { workerPhaseOf } from './worker-phase';

/** The event store's answer to the readiness probe: its head, or why not. */
type StoreProbe = Readonly<{ head: bigint } | { head: null; resourceFault: boolean }>;

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
    private readonly storageFaults: StorageFaults,
    @Optional() private readonly relay?: RelayWorker,
    @Optional() private readonly riskMonitor?: RiskMonitorWorker,
    @Optional() private readonly leadership?: Leadership,
  ) {}

  /** Set once readiness has answered 200: a worker starting after that (a takeover) no longer makes it 503. */
  private servedReady = false;

  /** Who runs `worker` (this process or another replica), when it runs behind a lease here. */
  private roleOf(
    worker: string,
  ): Readonly<{ role: LeadershipStatus['role']; leader: string | null; since: string | null }> | null {
    const status = this.leadership?.get(worker)?.status();
    if (status === undefined) return null;
    return { role: status.role, leader: status.holder?.identity ?? null, since: status.holder?.since ?? null };
  }

  /** The process is up; says nothing about its dependencies, so orchestrators do not restart it for them. */
  @ApiOperation({
    summary: 'Liveness: the process is up',
    description:
      'Up as long as the process runs; says nothing of its dependencies, so orchestrators do not restart it for them. Public (no token).',
  })
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([() => this.indicators.check('process').up()]);
  }

  /**
   * Ready to serve: the read path is warm (ReadPathWarmUp: down while the views are read in at
   * start, up once done, given up or failed) and, when this process leads it, the projector is
   * running. Each worker behind a lease says `role` (leader or standby), `leader` (`host/pid`) and
   * `since`; a standby is ready, since it serves HTTP, and its workers' state is the leader's to
   * report. Parts whose failure leaves something to serve never make the API unready; they make it
   * answer `status: 'degraded'` with their causes in `degraded`: the relay (with Kafka down,
   * commands still land in the store and wait), the risk monitor, the read audit, and storage
   * itself — a database out of reach or a full disk refuses writes with 503/507 and Retry-After
   * while reads that do not need it go on, so every replica leaving the pool would only turn clear
   * answers into refused connections. A store failing for any other reason makes the API unready.
   */
  @ApiOperation({
    summary: 'Readiness: able to serve, with the causes of anything degraded',
    description:
      '200 once the read path is warm and, where this process runs it, the projector is running; each check\'s details follow (event store head, projector checkpoint, relay, risk monitor, with `role`/`leader`/`since` for workers behind a lease). Parts whose failure leaves something to serve (relay, risk monitor, read audit, a database out of reach or a full disk) answer 200 with `status: "degraded"` and their causes in `degraded`; 503 with the same shape when the API cannot serve. Public (no token).',
  })
  @Get('ready')
  @HealthCheck()
  async ready(): Promise<ReadinessResult> {
    const store = await this.probeStore();
    if (store.head !== null) this.storageFaults.answered();
    const storageFault = this.storageFaults.current();
    // A projector failing while the database is away or the disk is full fails for that cause:
    // reported with it, and the API stays ready to serve what it can, rather than leave the pool.
    const storageAtFault = (store.head === null && store.resourceFault) || storageFault !== null;
    const projectorStalled = storageAtFault && this.projectorRunsHere() && this.projector.status().lastError !== null;
    const result = await this.checks(store, projectorStalled);
    this.servedReady = true;
    // A standby's workers do not run here; their state is the leader's to report.
    const leads = (worker: string): boolean => this.roleOf(worker)?.role !== 'standby';
    const degraded = degradationsOf({
      relay: leads('relay') ? this.relay?.status() : undefined,
      riskMonitor: leads('risk-monitor') ? this.riskMonitor?.status() : undefined,
      auditSaturated: this.audit.saturated,
      storeAnswers: !(store.head === null && store.resourceFault),
      storageFault,
      projectorStalled,
    });
    return degraded.length === 0 ? result : { ...result, status: 'degraded', degraded };
  }

  private async probeStore(): Promise<StoreProbe> {
    try {
      return { head: await this.store.headPosition() };
    } catch (error) {
      return { head: null, resourceFault: resourceFaultOf(error) !== null };
    }
  }

  /** This process may project and is not standing by for another replica that does. */
  private projectorRunsHere(): boolean {
    return this.config.workers.includes('projector') && this.roleOf('projector')?.role !== 'standby';
  }

  private checks(store: StoreProbe, projectorStalled: boolean): Promise<HealthCheckResult> {
    return this.health.check([
      () => {
        const session = this.indicators.check('eventStore');
        if (store.head !== null) return session.up({ head: store.head.toString() });
        return store.resourceFault ? session.up({ message: 'unreachable' }) : session.down({ message: 'failing' });
      },
      () => {
        const session = this.indicators.check('projector');
        if (!this.config.workers.includes('projector')) return session.up({ message: 'runs in another process' });
        const role = this.roleOf('projector');
        // A standby serves reads as well as the leader: the views are shared, another replica projects.
        if (role !== null && role.role !== 'leader') return session.up({ ...role });
        const status = this.projector.status();
        const details = { ...role, checkpoint: status.checkpoint, caughtUp: status.caughtUp };
        if (projectorStalled) return session.up({ ...details, message: 'stalled on storage' });
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
        const parked = await this.riskMonitor.parkedClients().catch(() => null);
        if (parked === null)
          return session.up({ source: status.source, running: status.running, message: 'state unreadable' });
        const details = {
          ...role,
          source: status.source,
          running: status.running,
          startError: status.startError,
          ...(status.checkpoint === null ? {} : { checkpoint: status.checkpoint }),
          ...(status.caseKeeperCheckpoint === null ? {} : { caseKeeperCheckpoint: status.caseKeeperCheckpoint }),
          parkedClients: parked.length,
          parked: parked.slice(0, 20).map((client) => ({
            clientId: client.clientId,
            held: client.held,
            since: client.since,
            attempts: client.attempts,
          })),
        };
        if (workerPhaseOf(status) !== 'starting') return session.up(details);
        // Unready only at boot: a replica that takes the monitor over later keeps serving while
        // its consumer joins (the last replica leaving the pool would serve nobody).
        return this.servedReady
          ? session.up({ ...details, message: 'starting' })
          : session.down({ ...details, message: 'starting' });
      },
    ]);
  }
}
