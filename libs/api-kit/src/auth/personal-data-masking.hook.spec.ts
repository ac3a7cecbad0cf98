import fastify from 'fastify';
import type { Principal } from '@crm/policy';
import { PERSONAL_DATA_ROUTE, registerPersonalDataMasking } from './personal-data-masking.hook';

const OFFICER: Principal = { userId: 'u-ro', role: 'risk_officer' };
const ADMIN: Principal = { userId: 'u-admin', role: 'admin' };
const VIEW = { id: 'c-1', registrationNo: '91310000MA1FL0000X', contacts: { last: { summary: 'met the cfo' } } };

const serverFor = (principal: Principal) => {
  const server = fastify();
  server.decorateRequest('principal', undefined);
  server.addHook('onRequest', (request, _reply, done) => {
    (request as { principal?: Principal }).principal = principal;
    done();
  });
  registerPersonalDataMasking(server);
  server.get('/personal', { config: { [PERSONAL_DATA_ROUTE]: true } }, async () => VIEW);
  server.get('/personal-refused', { config: { [PERSONAL_DATA_ROUTE]: true } }, async (_request, reply) =>
    reply.code(404).send({ code: 'CLIENT.NOT_FOUND', summary: 'kept' }),
  );
  server.get('/other', async () => VIEW);
  return server;
};

describe('registerPersonalDataMasking', () => {
  it('masks the answers of personal-data routes for roles that see clients masked', async () => {
    const body = (await serverFor(OFFICER).inject({ method: 'GET', url: '/personal' })).json<typeof VIEW>();
    expect(body.registrationNo).not.toBe(VIEW.registrationNo);
    expect(body.registrationNo).toMatch(/\*/);
    expect(body.contacts.last).toEqual({});
  });

  it('leaves other roles, other routes and refusals untouched', async () => {
    expect((await serverFor(ADMIN).inject({ method: 'GET', url: '/personal' })).json()).toEqual(VIEW);
    expect((await serverFor(OFFICER).inject({ method: 'GET', url: '/other' })).json()).toEqual(VIEW);
    expect((await serverFor(OFFICER).inject({ method: 'GET', url: '/personal-refused' })).json()).toEqual({
      code: 'CLIENT.NOT_FOUND',
      summary: 'kept',
    });
  });
});
