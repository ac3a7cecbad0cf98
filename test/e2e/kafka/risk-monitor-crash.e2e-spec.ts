import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SqliteEventStore } from '@crm/event-store';
import { EventRelay } from '@crm/messaging';
import {
  appendClientEventMix,
  describeWithKafka,
  freePort,
  generateClientEventMix,
  KAFKA_TEST_BROKERS,
  scratchDir,
  silentLogger,
  startProcess,
  testBroker,
  uniqueName,
  type RunningProcess,
} from '@crm/testing';

const run = promisify(execFile);
const MONITOR_MAIN = resolve(__dirname, '../../../dist/apps/risk-monitor/src/main.js');
const BACKTEST = resolve(__dirname, '../../../dist/apps/risk-monitor/src/backtest.js');
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

type Tally = Record<string, { raised: number; escalated: number; clients: string[] }>;

/** The clock sweep runs on wall-clock time in the monitor and on log time in the back-test. */
const withoutSweep = (tally: Tally): Tally =>
  Object.fromEntries(Object.entries(tally).filter(([rule]) => rule !== 'EW-COVER'));

describeWithKafka('risk monitor killed with SIGKILL mid-stream', () => {
  it('raises no alert twice and misses none, compared with a back-test of the same log', async () => {
    const dir = scratchDir('risk-crash');
    const path = join(dir.path, 'crm.sqlite');
    const prefix = `${uniqueName('riskcrash')}.`;
    const store = await SqliteEventStore.open(path, { synchronous: 'NORMAL' });
    const broker = testBroker();
    let relay: EventRelay | null = null;
    let monitor: RunningProcess | null = null;
    try {
      await appendClientEventMix(store, generateClientEventMix({ clients: 80, managers: 4, events: 4000, seed: 31 }));
      const { stdout } = await run(process.execPath, [BACKTEST, '--json'], {
        env: { ...process.env, SQLITE_PATH: path, LOG_LEVEL: 'warn' },
        maxBuffer: 16 * 1024 * 1024,
      });
      const expected = withoutSweep((JSON.parse(stdout) as { rules: Tally }).rules);
      const expectedAlerts = Object.values(expected).reduce((sum, rule) => sum + rule.raised + rule.escalated, 0);
      expect(expectedAlerts).toBeGreaterThan(20);

      relay = await EventRelay.start({
        store,
        broker,
        topic: `${prefix}crm.client-events.v1`,
        riskAlertsTopic: `${prefix}crm.risk-alerts.v1`,
        deadLetterTopic: `${prefix}crm.dead-letter.v1`,
        clientStateTopic: `${prefix}crm.client-state.v1`,
        logger: silentLogger,
        partitions: 4,
      });
      await relay.caughtUp;

      const env = {
        SQLITE_PATH: path,
        RISK_STATE_PATH: join(dir.path, 'risk.sqlite'),
        KAFKA_BROKERS: KAFKA_TEST_BROKERS.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_TOPIC_PARTITIONS: '4',
        RISK_SWEEP_INTERVAL_MS: '0',
        LOG_LEVEL: 'warn',
      };
      const alertEvents = async () => (await store.readAll()).filter((event) => event.streamId.startsWith('alert-'));

      monitor = startProcess(MONITOR_MAIN, { ...env, PORT: String(await freePort()) });
      const deadline = Date.now() + 60_000;
      while ((await alertEvents()).length < expectedAlerts / 4) {
        if (monitor.child.exitCode !== null) throw new Error(`monitor exited:\n${monitor.output()}`);
        if (Date.now() > deadline) throw new Error(`monitor raised nothing:\n${monitor.output()}`);
        await sleep(20);
      }
      monitor.child.kill('SIGKILL');
      await monitor.exited;
      const atKill = (await alertEvents()).length;

      monitor = startProcess(MONITOR_MAIN, { ...env, PORT: String(await freePort()) });
      const settle = Date.now() + 90_000;
      let stableSince = Date.now();
      let last = -1;
      for (;;) {
        const count = (await alertEvents()).length;
        if (count !== last) {
          last = count;
          stableSince = Date.now();
        }
        if (count >= expectedAlerts && Date.now() - stableSince > 3000) break;
        if (Date.now() > settle) break;
        if (monitor.child.exitCode !== null) throw new Error(`monitor exited:\n${monitor.output()}`);
        await sleep(100);
      }

      const actual: Tally = {};
      const raisedStreams = new Map<string, number>();
      for (const event of await alertEvents()) {
        const data = event.data as { ruleId?: string; clientId: string };
        const ruleId = event.streamId.slice('alert-'.length).split('.')[0] ?? '?';
        if (event.type === 'AlertRaised')
          raisedStreams.set(event.streamId, (raisedStreams.get(event.streamId) ?? 0) + 1);
        if (event.type !== 'AlertRaised' && event.type !== 'AlertEscalated') continue;
        const entry = actual[ruleId] ?? { raised: 0, escalated: 0, clients: [] };
        if (event.type === 'AlertRaised') entry.raised += 1;
        else entry.escalated += 1;
        if (!entry.clients.includes(data.clientId)) entry.clients.push(data.clientId);
        actual[ruleId] = entry;
      }
      for (const entry of Object.values(actual)) entry.clients.sort();
      expect([...raisedStreams.values()].every((count) => count === 1)).toBe(true);
      expect(withoutSweep(actual)).toEqual(expected);
      expect(atKill).toBeLessThan(expectedAlerts);
      process.stdout.write(
        `risk monitor crash: ${expectedAlerts} alert events expected and found; ${atKill} existed at the kill\n`,
      );
    } finally {
      monitor?.child.kill('SIGKILL');
      await relay?.stop();
      await broker.close();
      await store.close();
      dir.cleanup();
    }
  });
});
