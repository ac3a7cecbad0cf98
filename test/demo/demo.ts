import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  clientDecider,
  clientStreamId,
  managerDecider,
  managerStreamId,
  type ClientState,
  type ManagerState,
} from '@crm/domain';
import { eventStoreOptions, handleCommand, openEventStore, StreamStateCache, type EventStore } from '@crm/event-store';
import { loadStorageConfig, ProgressLine } from '@crm/platform';
import { RealisticClientData } from '../../libs/testing/src/realistic-client-data';
import { npmStartLaunch } from '../bench/npm-start-launch';
import { DemoCommands, type DemoCommand } from './demo-commands';
import { readShowcase, saveShowcase, ShowcaseFinder, whatToLookAt, type Showcase } from './demo-showcase';

/**
 * `npm run demo`: a realistic bank — branches, managers of every level, a few thousand clients
 * with two years of contacts, credit history, arrears, complaints and surveys, from the realistic
 * generator — written through the deciders into an embedded store of its own (`./data/demo`,
 * never `./data`), then the API started on it as `npm start` starts it. A second run finds the
 * store loaded and only starts the API.
 */
const settings = {
  clients: Number(process.env.DEMO_CLIENTS ?? 3000),
  dir: resolve(process.env.DEMO_DIR ?? 'data/demo'),
  /** Commands in flight: the store group-commits them; per stream they keep their order. */
  inFlight: 2048,
};

const SEED = 2026;

/** A few branches even for a small bank (the generator's default is one per 2,500 clients). */
const branches = (clients: number): number => Math.max(2, Math.min(40, Math.round(clients / 750)));

const generator = (endAt: string): RealisticClientData =>
  new RealisticClientData({ clients: settings.clients, branches: branches(settings.clients), seed: SEED, endAt });

const bar = (done: number, total: number): string => {
  const share = total === 0 ? 1 : done / total;
  const filled = Math.round(share * 30);
  return `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${Math.floor(share * 100)}% ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} commands`;
};

/** Folded states between commands, as the API keeps them: a command then reads only what its stream gained. */
const caches = {
  client: new StreamStateCache<ClientState>(20_000),
  manager: new StreamStateCache<ManagerState>(1_000),
};

const send = (store: EventStore, demo: DemoCommand, cause: string): Promise<unknown> => {
  const context = { correlationId: cause, causationId: cause, actor: demo.command.metadata.actor };
  return demo.kind === 'client'
    ? handleCommand(store, clientStreamId(demo.clientId), clientDecider, demo.command, context, {
        cache: caches.client,
      })
    : handleCommand(store, managerStreamId(demo.managerId), managerDecider, demo.command, context, {
        cache: caches.manager,
      });
};

/** Writes the bank; returns what was written and refused, and what to show. */
const load = async (
  sqlitePath: string,
): Promise<Readonly<{ sent: number; refused: Map<string, number>; showcase: Showcase }>> => {
  const endAt = `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`;
  let total = 0;
  for (const _ of generator(endAt).events()) total += 1;
  const store = await openEventStore(eventStoreOptions(loadStorageConfig({ ...process.env, SQLITE_PATH: sqlitePath })));
  const commands = new DemoCommands();
  const finder = new ShowcaseFinder();
  const refused = new Map<string, number>();
  const progress = new ProgressLine(process.stderr);
  const data = generator(endAt);
  let sent = 0;
  let pending: Promise<unknown>[] = [];
  try {
    for (const item of data.events()) {
      finder.observe(item);
      const demo = commands.commandOf(item);
      pending.push(
        send(store, demo, item.event.eventId).catch((error: unknown) => {
          const code = (error as { code?: string }).code ?? (error instanceof Error ? error.name : 'error');
          refused.set(code, (refused.get(code) ?? 0) + 1);
        }),
      );
      sent += 1;
      if (pending.length >= settings.inFlight) {
        await Promise.all(pending);
        pending = [];
        progress.update(bar(sent, total));
      }
    }
    await Promise.all(pending);
    progress.update(bar(sent, total), true);
    progress.end();
  } finally {
    await store.close();
  }
  return { sent, refused, showcase: finder.showcase() };
};

const startApi = (sqlitePath: string): void => {
  const launch = npmStartLaunch();
  const api = spawn(process.execPath, [...launch.nodeFlags, resolve(__dirname, '../../..', launch.entry)], {
    env: { ...process.env, ...launch.env, SQLITE_PATH: sqlitePath },
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => api.kill(signal));
  api.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
};

const main = async (): Promise<void> => {
  if (!Number.isInteger(settings.clients) || settings.clients < 10 || settings.clients > 100_000) {
    throw new Error('DEMO_CLIENTS must be an integer from 10 to 100000');
  }
  const sqlitePath = join(settings.dir, 'crm.sqlite');
  const showcaseFile = join(settings.dir, 'showcase.json');
  let showcase = readShowcase(showcaseFile);
  if (existsSync(sqlitePath) && showcase !== null) {
    process.stderr.write(`demo: ${sqlitePath} is already loaded (delete ${settings.dir} to load it again)\n`);
  } else if (existsSync(sqlitePath)) {
    throw new Error(`${settings.dir} holds a store the demo did not finish loading; delete it and run again`);
  } else {
    mkdirSync(settings.dir, { recursive: true });
    const started = performance.now();
    process.stderr.write(
      `demo: writing a bank of ${settings.clients.toLocaleString('en-US')} clients through the deciders into ${sqlitePath}\n`,
    );
    const loaded = await load(sqlitePath);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const refusals = [...loaded.refused].map(([code, count]) => `${count} ${code}`).join(', ');
    process.stderr.write(
      `demo: ${loaded.sent.toLocaleString('en-US')} commands in ${seconds} s; refused: ${refusals || 'none'}\n`,
    );
    showcase = loaded.showcase;
    // Written last: its presence says the load finished.
    saveShowcase(showcaseFile, showcase);
  }
  process.stderr.write(whatToLookAt(showcase, Number(process.env.PORT ?? 3000)));
  startApi(sqlitePath);
};

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
