import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { DEV_DATA_KEY_SECRET } from '@crm/platform';
import { scratchDir, startApiProcess } from '@crm/testing';

const ROTATE = resolve(__dirname, '../../dist/apps/crm-api/src/personal-data/rotate-data-keys.js');
const REAL_KEY = 'a-real-master-key-from-the-vault-0123456789';
const SIGNING_SECRET = 'a-real-signing-secret-from-the-vault-0123456789';

/**
 * Data written during a trial on the built-in development key is carried to a real key by the
 * ordinary rotation (the development key named as the previous one), after which the API serves it
 * on the real key alone, in production mode, where the development key is refused.
 */
describe('leaving the development data key', () => {
  const dir = scratchDir('crm-dev-key');
  afterAll(() => dir.cleanup());

  it('re-wraps every data key under a real key, and production reads the data with that key alone', async () => {
    const path = join(dir.path, 'crm.sqlite');
    const trial = await startApiProcess({ SQLITE_PATH: path });
    const admin = await trial.as('admin');
    const registered = await admin.post<{ id: string; position: string }>('/v1/clients', {
      branchId: 'BR-1',
      segment: 'corporate',
      industry: 'manufacturing',
      legalName: 'Trial Co., Ltd.',
      registrationNo: '91310000MA1TRIAL0X',
      contact: { phone: '+86 21 5555 0100', email: 'cfo@trial.example' },
      source: 'referral',
    });
    expect(registered.status).toBe(201);
    // Found by name once projected: the projection made the search index's key.
    const searched = await admin.get<{ items: { id: string }[] }>(
      `/v1/clients?q=trial&minPosition=${registered.body.position}`,
    );
    expect(searched.body.items.map((item) => item.id)).toEqual([registered.body.id]);
    await trial.stop();

    const rotated = spawnSync(process.execPath, [ROTATE], {
      env: {
        PATH: process.env.PATH ?? '',
        SQLITE_PATH: path,
        DATA_KEY_SECRET: REAL_KEY,
        DATA_KEY_PREVIOUS_SECRET: DEV_DATA_KEY_SECRET,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect([rotated.status, rotated.stderr]).toEqual([0, expect.any(String)]);
    // The client's key, and the search index's (the blind index's key sits in the same ring).
    expect(rotated.stdout).toMatch(/^2 data key\(s\) re-wrapped under master key /);
    expect(`${rotated.stdout}${rotated.stderr}`).not.toContain(REAL_KEY);

    const production = await startApiProcess({
      SQLITE_PATH: path,
      NODE_ENV: 'production',
      DATA_KEY_SECRET: REAL_KEY,
      JWT_SECRET: SIGNING_SECRET,
      HOST: '127.0.0.1',
      AUTH_DEV_TOKENS: 'false',
    });
    try {
      // No development tokens in production: a token signed with the deployment's own secret.
      const token = new JwtService({ secret: SIGNING_SECRET }).sign(
        { role: 'admin' },
        { subject: 'u-admin', expiresIn: 300 },
      );
      const view = await production.anonymous
        .withToken(token)
        .get<{ legalName: string; contact: { email: string } }>(`/v1/clients/${registered.body.id}`);
      expect([view.status, view.body.legalName, view.body.contact.email]).toEqual([
        200,
        'Trial Co., Ltd.',
        'cfo@trial.example',
      ]);
      const found = await production.anonymous.withToken(token).get<{ items: { id: string }[] }>('/v1/clients?q=trial');
      expect([found.status, found.body.items.map((item) => item.id)]).toEqual([200, [registered.body.id]]);
    } finally {
      await production.stop();
    }
  });
});
