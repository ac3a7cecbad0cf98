import { readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir, startApiProcess, type ApiClient, type ApiProcess } from '@crm/testing';
import type { BackupManifest } from '@crm/api-kit';
import {
  CLI,
  expectOneLineRefusal,
  onSqlite,
  OTHER_SECRET,
  registerClient,
  runCli,
  SECRET,
  type Write,
} from './operations-harness';

/** An embedded installation whose files live under `root/data`. */
const installation = (root: string, secret = SECRET): Record<string, string> =>
  onSqlite(join(root, 'data', 'crm.sqlite'), secret);

type View = Record<string, unknown> & { revision: number };

/**
 * `npm run backup` on an API under write load, `npm run restore` into an empty folder, an API on
 * the restored files: every write acknowledged before the backup started is there, every client the
 * backup's log holds has the source's view field by field, and nothing past the manifest's last
 * position is. Then the refusals: a non-empty target, a corrupt file, another master key.
 */
describe('backup under write load and restore (embedded SQLite)', () => {
  const scratch = scratchDir('crm-backup');
  const source = join(scratch.path, 'source');
  const restored = join(scratch.path, 'restored');
  const backup = join(scratch.path, 'backup');
  let api: ApiProcess;
  let rm: ApiClient;
  let restoredApi: ApiProcess | undefined;

  beforeAll(async () => {
    api = await startApiProcess(installation(source));
    rm = await api.as('admin');
  }, 60_000);

  afterAll(async () => {
    await restoredApi?.stop();
    await api.stop();
    scratch.cleanup();
  });

  const viewOf = async (client: ApiClient, id: string, minPosition: string): Promise<View> => {
    const response = await client.get<View>(`/v1/clients/${id}?minPosition=${minPosition}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  it('restores a consistent backup taken while commands flow, and the restored API serves the same views', async () => {
    const before: Write[] = [];
    for (let n = 0; n < 30; n++) {
      const written = await registerClient(rm, n);
      expect(written.status).toBe(201);
      before.push(written.body);
    }

    // Four writers keep registering clients until the backup has finished.
    const during: Write[] = [];
    let writing = true;
    let next = 1000;
    const writer = async (): Promise<void> => {
      while (writing) {
        const written = await registerClient(rm, next++);
        expect(written.status).toBe(201);
        during.push(written.body);
      }
    };
    const writers = Array.from({ length: 4 }, writer);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const startedAt = during.length;
    const started = Date.now();
    const run = await runCli(CLI.backup, [backup], installation(source));
    const backupMs = Date.now() - started;
    writing = false;
    await Promise.all(writers);
    expect(run.code).toBe(0);
    const acknowledgedBeforeBackup = [...before, ...during.slice(0, startedAt)];
    // The load really ran beside the backup.
    expect(during.length - startedAt).toBeGreaterThan(0);

    const manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(manifest.files.map((file) => file.role)).toEqual([
      'read-models',
      'risk-state',
      'idempotency',
      'audit',
      'event-store',
    ]);
    expect(manifest.masterKeyIds).toHaveLength(1);
    const last = BigInt(manifest.eventStore.lastPosition);
    for (const write of acknowledgedBeforeBackup) expect(BigInt(write.position)).toBeLessThanOrEqual(last);
    process.stderr.write(
      `backup of ${manifest.eventStore.events} events took ${backupMs} ms with ${during.length - startedAt} registrations during it\n`,
    );

    const restore = await runCli(CLI.restore, [backup], installation(restored));
    expect(restore.code).toBe(0);
    restoredApi = await startApiProcess(installation(restored));
    const reader = await restoredApi.as('admin');
    const sourceReader = rm;

    const inBackup = [...before, ...during].filter((write) => BigInt(write.position) <= last);
    expect(inBackup.length).toBeGreaterThanOrEqual(acknowledgedBeforeBackup.length);
    for (const write of inBackup) {
      // minPosition: the restored projection catches up from where the backup's read models were.
      expect(await viewOf(reader, write.id, manifest.eventStore.lastPosition)).toEqual(
        await viewOf(sourceReader, write.id, write.position),
      );
    }
    for (const write of during.filter((w) => BigInt(w.position) > last)) {
      expect((await reader.get(`/v1/clients/${write.id}`)).status).toBe(404);
    }

    // The restored log continues where the backup's ended.
    const after = await registerClient(reader, 99_999);
    expect(after.status).toBe(201);
    expect(BigInt(after.body.position)).toBe(last + 1n);
  }, 180_000);

  it('leaves the read models out with --without-read-models, and the restored API rebuilds them', async () => {
    const lean = join(scratch.path, 'lean');
    expect((await runCli(CLI.backup, [lean, '--without-read-models'], installation(source))).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(lean, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(manifest.files.map((file) => file.role)).not.toContain('read-models');
    const target = join(scratch.path, 'restored-lean');
    expect((await runCli(CLI.restore, [lean], installation(target))).code).toBe(0);
    const rebuilt = await startApiProcess(installation(target));
    try {
      const reader = await rebuilt.as('admin');
      const ids = (await rm.get<{ items: { id: string }[] }>('/v1/clients?limit=5')).body.items.map((item) => item.id);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) {
        expect(await viewOf(reader, id, manifest.eventStore.lastPosition)).toEqual(
          await viewOf(rm, id, manifest.eventStore.lastPosition),
        );
      }
    } finally {
      await rebuilt.stop();
    }
  }, 60_000);

  it('refuses a data folder that is not empty, naming --force', async () => {
    expectOneLineRefusal(await runCli(CLI.restore, [backup], installation(restored)), /is not empty.*--force/);
  });

  it('refuses a backup whose file does not match its checksum, before writing anything', async () => {
    const altered = join(scratch.path, 'altered');
    cpSync(backup, altered, { recursive: true });
    const file = join(altered, 'read-models.sqlite');
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(file, bytes);
    const target = join(scratch.path, 'target-corrupt');
    expectOneLineRefusal(
      await runCli(CLI.restore, [altered], installation(target)),
      /does not match its size or sha256/,
    );
    expect(() => readFileSync(join(target, 'data', 'crm.sqlite'))).toThrow();
  });

  it('refuses another master key, without echoing either secret', async () => {
    const run = await runCli(CLI.restore, [backup], installation(join(scratch.path, 'target-key'), OTHER_SECRET));
    expectOneLineRefusal(run, /wrapped by master key [0-9a-f]+, which the configured DATA_KEY_SECRET/);
    expect(run.output).not.toContain(SECRET);
    expect(run.output).not.toContain(OTHER_SECRET);
  });
});
