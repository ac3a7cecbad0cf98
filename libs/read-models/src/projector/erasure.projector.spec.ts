import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientEvent } from '@crm/domain';
import { RecordedLog } from '@crm/testing';
import { SqliteReadModelStore } from '../sqlite/sqlite.read-model-store';
import { ClientReadModelsProjector } from './client-read-models.projector';

/**
 * The read-model side of an erasure on SQLite: the projector overwrites the view and its search
 * columns in the batch's transaction, the connection's secure_delete zeroes what that frees, and
 * purgeFreedSpace truncates the WAL, so no file keeps the old values.
 */
const PERSONAL = {
  legalName: 'Vortlak Read Model Holdings',
  registrationNo: '91310000VORTLAK1Q',
  phone: '+86 10 6330 4471',
  email: 'ir@vortlak.example',
};

const CLIENT = '0190a4c2-0000-7000-8000-00000000e1a5';
const STREAM = `client-${CLIENT}`;

const registered = (n: number): ClientEvent => ({
  type: 'ProspectRegistered',
  data: {
    clientId: n === 0 ? CLIENT : `${CLIENT.slice(0, -2)}${String(n).padStart(2, '0')}`,
    branchId: 'BR-1',
    segment: 'corporate',
    industry: 'manufacturing',
    legalName: n === 0 ? PERSONAL.legalName : `Other client ${n}`,
    registrationNo: n === 0 ? PERSONAL.registrationNo : `REG-${n}`,
    contact: n === 0 ? { phone: PERSONAL.phone, email: PERSONAL.email } : { phone: `+86 ${n}` },
    source: 'branch',
  },
});

const traces = (dir: string): string[] =>
  readdirSync(dir).flatMap((file) => {
    const bytes = readFileSync(join(dir, file));
    return Object.values(PERSONAL)
      .filter((value) => bytes.includes(Buffer.from(value, 'utf8')) || bytes.includes(Buffer.from(value, 'utf16le')))
      .map((value) => `${file}: ${value}`);
  });

describe('erasure in the SQLite read models', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-rm-erasure-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('overwrites the view and its search columns and leaves no old copy in any file', async () => {
    const log = new RecordedLog();
    const store = SqliteReadModelStore.open(join(dir, 'crm.read-models.sqlite'));
    const projector = new ClientReadModelsProjector(store);
    let checkpoint = 0n;
    const project = async (...events: ClientEvent[]): Promise<void> => {
      const recorded = events.map((event) => {
        const clientId = event.type === 'ProspectRegistered' ? event.data.clientId : CLIENT;
        return log.append(`client-${clientId}`, event);
      });
      checkpoint = await projector.projectBatch(checkpoint, recorded);
    };

    // Neighbours on the same pages, and several versions of the client's own row.
    await project(...Array.from({ length: 30 }, (_, n) => registered(n)));
    await project({ type: 'ProspectConverted', data: { convertedAt: '2026-01-02T00:00:00.000Z' } });
    await project({ type: 'CreditRatingChanged', data: { from: null, to: 'BBB', notches: 0, reason: 'initial' } });
    expect((await store.clientLists.searchRows({ q: 'vortlak', limit: 10 }, '', 10)).map((row) => row.id)).toEqual([
      CLIENT,
    ]);
    expect(traces(dir).length).toBeGreaterThan(0);

    await project({ type: 'PersonalDataErased', data: { requestedBy: 'u-dpo', basis: 'PIPL art. 47' } });

    expect(await store.clientViews.getClientView(CLIENT)).toMatchObject({
      legalName: '[erased]',
      registrationNo: '[erased]',
      contact: { phone: '[erased]', email: '[erased]' },
      credit: { rating: 'BBB' },
      status: 'client',
    });
    expect(await store.clientLists.searchRows({ q: 'vortlak', limit: 10 }, '', 10)).toEqual([]);
    // While the store is still open: the WAL was truncated after the batch.
    expect(traces(dir)).toEqual([]);
    await store.close();
    expect(traces(dir)).toEqual([]);
    expect(log.streamEvents(STREAM)).toHaveLength(4);
  });
});
