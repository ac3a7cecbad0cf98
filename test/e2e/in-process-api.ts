import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@crm/platform';
import { ApiClient } from '@crm/testing';
import { createCrmApi } from '../../apps/crm-api/src/bootstrap';

export type InProcessApi = Readonly<{
  app: NestFastifyApplication;
  /** A client holding a development token with these claims (sub, role, managerId, branchId …). */
  as: (claims: Record<string, string>) => Promise<ApiClient>;
}>;

/** The API in this process on a free port, configured by `env` (silent logs), for suites that call it over HTTP. */
export const startInProcessApi = async (env: Record<string, string>): Promise<InProcessApi> => {
  const app = await createCrmApi(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...env }));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  const anonymous = new ApiClient(`http://127.0.0.1:${address.port}`);
  const as = async (claims: Record<string, string>): Promise<ApiClient> => {
    const answer = await anonymous.post<{ token: string }>('/v1/dev/tokens', claims);
    if (answer.status !== 201) throw new Error(`dev token: ${answer.status}`);
    return anonymous.withToken(answer.body.token);
  };
  return { app, as };
};
