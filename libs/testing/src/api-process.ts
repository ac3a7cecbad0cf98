import { resolve } from 'node:path';
import { ApiClient } from './api-harness';
import { freePort, startProcess, waitForHttp, type RunningProcess } from './process-harness';

export const API_MAIN = resolve(__dirname, '../../../dist/apps/crm-api/src/main.js');

export type ApiProcess = Readonly<{
  base: string;
  process: RunningProcess;
  /** No token: for dev tokens and health. */
  anonymous: ApiClient;
  /** A client holding a development token of `role` (sub `u-<role>`). */
  as: (role: string) => Promise<ApiClient>;
  /** The raw token, for callers that set headers themselves (SSE). */
  tokenFor: (role: string) => Promise<string>;
  stop: () => Promise<void>;
}>;

/** The built API (`dist/…/main.js`) as a real process on a free loopback port, live once returned. */
export const startApiProcess = async (env: Record<string, string>): Promise<ApiProcess> => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const running = startProcess(API_MAIN, { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env });
  await waitForHttp(`${base}/health/live`, running);
  const anonymous = new ApiClient(base);
  const tokenFor = async (role: string): Promise<string> =>
    (await anonymous.post<{ token: string }>('/v1/dev/tokens', { sub: `u-${role}`, role })).body.token;
  return {
    base,
    process: running,
    anonymous,
    tokenFor,
    as: async (role) => anonymous.withToken(await tokenFor(role)),
    stop: async () => {
      running.child.kill('SIGTERM');
      await running.exited;
    },
  };
};
