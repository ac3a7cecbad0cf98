import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@crm/event-store';
import { ClientReadModelsProjector, ProjectionRunner, SqliteReadModelStore } from '@crm/read-models';
import { appendClientEventMix, generateClientEventMix } from '@crm/testing';

/** The compiled command, as `npm run projections:rebuild` runs it (`npm test` builds before jest). */
const CLI = resolve(__dirname, '../../../dist/apps/projector/src/rebuild.js');

describe('projections:rebuild command', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-rebuild-cli-'));
    env = { ...process.env, EVENT_STORE: 'sqlite', READ_MODEL_STORE: 'sqlite', SQLITE_PATH: join(dir, 'crm.sqlite') };
    const events = SqliteEventStore.open(join(dir, 'crm.sqlite'), { synchronous: 'NORMAL' });
    await appendClientEventMix(events, generateClientEventMix({ clients: 40, managers: 4, events: 1500, seed: 3 }));
    // A live generation that is already current, as the API would have left it.
    const store = SqliteReadModelStore.open(join(dir, 'crm.read-models.sqlite'));
    const runner = new ProjectionRunner(events, store, new ClientReadModelsProjector(store));
    await runner.start();
    await runner.caughtUp();
    await runner.stop();
    await store.close();
    await events.close();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[]) => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    return spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 30_000 });
  };

  it('rebuilds client-view into a new generation and ends with a summary carrying events/s and the switch', () => {
    const result = run([]);
    expect(result.stderr).toMatch(/\] \d+% [\d,]+\/[\d,]+ events [\d,]+ ev\/s ETA/);
    expect(result.stdout).toMatch(
      /^rebuilt client-view: 1,500 events in [\d.]+s, [\d,]+ events\/s; switched from generation 1 to 2 at position \d+\n$/,
    );
    expect(result.status).toBe(0);
  });

  it('refuses an unknown projection with exit code 2 and the list of known ones', () => {
    const result = run(['portfolio']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('known: client-view');
  });
});
