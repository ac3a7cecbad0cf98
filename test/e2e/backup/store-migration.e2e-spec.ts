import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTestSchema,
  describeWithPostgres,
  scratchDir,
  startApiProcess,
  type ApiClient,
  type ApiProcess,
} from '@crm/testing';
import {
  CLI,
  contentOf,
  expectOneLineRefusal,
  onPostgres,
  onSqlite,
  OTHER_SECRET,
  publicationOf,
  registerClient,
  runCli,
  SECRET,
  type Write,
} from './operations-harness';

/**
 * A SQLite installation moved to PostgreSQL with `store:export` / `store:import` and
 * `projections:rebuild`: same events (positions, revisions, ids, commit times, sealed fields), same
 * data keys (an erased client's tombstone included), same client views, same integration messages;
 * the PostgreSQL store then takes new writes where the log left off. And back: PostgreSQL → SQLite
 * gives the same log again. Then the refusals.
 */
describeWithPostgres('store:export and store:import between SQLite and PostgreSQL', () => {
  const scratch = scratchDir('crm-migration');
  const sqlitePath = join(scratch.path, 'source', 'crm.sqlite');
  const exported = join(scratch.path, 'log.ndjson');
  let schema = '';
  const drops: (() => Promise<void>)[] = [];
  let source: ApiProcess;
  let moved: ApiProcess | undefined;
  let sourceAdmin: ApiClient;
  const clients: Write[] = [];

  beforeAll(async () => {
    const created = await createTestSchema('crm_import');
    schema = created.schema;
    drops.push(created.drop);
    source = await startApiProcess(onSqlite(sqlitePath));
    sourceAdmin = await source.as('admin');
  }, 60_000);

  afterAll(async () => {
    await moved?.stop();
    await source.stop();
    for (const drop of drops) await drop();
    scratch.cleanup();
  });

  it('moves every event, revision, id and key to PostgreSQL, and the rebuilt views and messages are the same', async () => {
    expect(
      (await sourceAdmin.post('/v1/managers', { managerId: 'M-1', name: 'Li Na', branchId: 'BR-1', level: 'senior' }))
        .status,
    ).toBe(201);
    for (let n = 0; n < 12; n++) {
      const written = await registerClient(sourceAdmin, n);
      expect(written.status).toBe(201);
      clients.push(written.body);
      if (n % 2 === 0)
        expect((await sourceAdmin.post(`/v1/clients/${written.body.id}/conversion`, {})).status).toBe(200);
      if (n % 3 === 0) {
        const contact = await sourceAdmin.post(`/v1/clients/${written.body.id}/contacts`, {
          managerId: 'M-1',
          channel: 'call',
          purpose: 'consultation',
          summary: `call about client ${n}`,
          occurredAt: '2026-01-10T09:00:00Z',
        });
        expect(contact.status).toBe(201);
      }
    }
    const dpo = await source.as('dpo');
    const erased = await dpo.delete(`/v1/clients/${clients[1].id}/personal-data`, { basis: 'PIPL art. 47, DPO-1' });
    expect(erased.status).toBe(200);

    const exportRun = await runCli(CLI.export, [exported], onSqlite(sqlitePath));
    expect(exportRun.code).toBe(0);
    const text = readFileSync(exported, 'utf8');
    // Sealed stays sealed: no client's personal field appears in the file.
    for (const personal of ['Backup Test 3 Ltd', 'c3@client.example', 'REG-3', '+8610000003'])
      expect(text.includes(personal)).toBe(false);

    const importRun = await runCli(CLI.import, [exported], onPostgres(schema, scratch.path));
    expect(importRun.code).toBe(0);
    const rebuild = await runCli(CLI.rebuild, [], onPostgres(schema, scratch.path));
    expect(rebuild.code).toBe(0);
    expect((await runCli(CLI.check, [], onPostgres(schema, scratch.path))).code).toBe(0);

    const before = await contentOf(onSqlite(sqlitePath));
    const head = before.events.at(-1)?.position ?? '0';
    const after = await contentOf(onPostgres(schema, scratch.path));
    expect(after.events).toEqual(before.events);
    expect(after.keys).toEqual(before.keys);
    expect(before.keys.find((key) => key.subject === clients[1].id)).toMatchObject({ wrapped: null });

    // Views from the rebuild alone: the moved API runs no projector.
    moved = await startApiProcess({ ...onPostgres(schema, scratch.path), WORKERS: 'none' });
    const movedAdmin = await moved.as('admin');
    for (const client of clients) {
      // The source's projection may still be behind its last writes: wait for the whole log.
      const expected = await sourceAdmin.get(`/v1/clients/${client.id}?minPosition=${head}`);
      expect(expected.status).toBe(200);
      expect((await movedAdmin.get(`/v1/clients/${client.id}`)).body).toEqual(expected.body);
    }

    const published = await publicationOf(onSqlite(sqlitePath));
    expect(published.length).toBeGreaterThan(clients.length);
    expect(await publicationOf(onPostgres(schema, scratch.path))).toEqual(published);
  }, 180_000);

  it('continues the log on PostgreSQL where the import ended', async () => {
    if (moved === undefined) throw new Error('needs the moved API of the test before');
    const admin = await moved.as('admin');
    const head = BigInt((await contentOf(onPostgres(schema, scratch.path))).events.at(-1)?.position ?? '0');
    const contact = await admin.post<Write>(`/v1/clients/${clients[0].id}/contacts`, {
      managerId: 'M-1',
      channel: 'visit',
      purpose: 'consultation',
      summary: 'after the move',
      occurredAt: '2026-02-10T09:00:00Z',
    });
    expect(contact.status).toBe(201);
    expect(BigInt(contact.body.position)).toBe(head + 1n);
    // Client 0 was registered, converted and had one contact logged: revisions 0-2.
    expect(contact.body.revision).toBe(3);
    const registered = await registerClient(admin, 500);
    expect(registered.status).toBe(201);
    expect(BigInt(registered.body.position)).toBe(head + 2n);
  });

  it('moves back from PostgreSQL to SQLite with the same log', async () => {
    const back = join(scratch.path, 'back.ndjson');
    const copy = join(scratch.path, 'copy', 'crm.sqlite');
    expect((await runCli(CLI.export, [back], onPostgres(schema, scratch.path))).code).toBe(0);
    expect((await runCli(CLI.import, [back], onSqlite(copy))).code).toBe(0);
    const fromPostgres = await contentOf(onPostgres(schema, scratch.path));
    const fromCopy = await contentOf(onSqlite(copy));
    expect(fromCopy.events).toEqual(fromPostgres.events);
    expect(fromCopy.keys).toEqual(fromPostgres.keys);
    expect(fromCopy.events.length).toBeGreaterThan(0);
  });

  it('refuses a target store that is not empty', async () => {
    expectOneLineRefusal(
      await runCli(CLI.import, [exported], onPostgres(schema, scratch.path)),
      /the target store is not empty/,
    );
  });

  it('refuses another master key, without echoing either secret', async () => {
    const target = join(scratch.path, 'other-key', 'crm.sqlite');
    const run = await runCli(CLI.import, [exported], onSqlite(target, OTHER_SECRET));
    expectOneLineRefusal(run, /wrapped by master key [0-9a-f]+, which the configured DATA_KEY_SECRET/);
    expect(run.output).not.toContain(SECRET);
    expect(run.output).not.toContain(OTHER_SECRET);
  });

  it('rolls back a file cut short, leaving the target empty', async () => {
    const cut = join(scratch.path, 'cut.ndjson');
    const lines = readFileSync(exported, 'utf8').trimEnd().split('\n');
    writeFileSync(cut, `${lines.slice(0, -3).join('\n')}\n`);
    const target = join(scratch.path, 'cut', 'crm.sqlite');
    expectOneLineRefusal(await runCli(CLI.import, [cut], onSqlite(target)), /ends without its trailer/);
    expect((await contentOf(onSqlite(target))).events).toEqual([]);
  });

  it('refuses EventStoreDB clearly', async () => {
    expectOneLineRefusal(
      await runCli(CLI.export, [join(scratch.path, 'esdb.ndjson')], {
        EVENT_STORE: 'eventstoredb',
        EVENTSTOREDB_URL: 'esdb://127.0.0.1:1?tls=false',
        SQLITE_PATH: join(scratch.path, 'esdb', 'crm.sqlite'),
      }),
      /works on the SQLite and PostgreSQL stores; EventStoreDB/,
    );
  });
});
