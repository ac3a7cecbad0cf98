import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { scratchDir, type ApiClient } from './api-harness';
import { startApiProcess, type ApiProcess } from './api-process';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it when missing), or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a headless Chromium on a closed network: without the background-networking ones it
 * keeps trying to reach Google's hosts. `--no-sandbox` because CI runs as root.
 */
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * `describe` when Chromium is installed. Otherwise: under CI=true the suite runs and fails loudly;
 * locally it is skipped with a one-line reason.
 */
export const describeWithChromium = (name: string, body: () => void): void => {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
      });
    });
    return;
  }
  process.stderr.write(`skipping "${name}": no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)\n`);
  // Skipped only locally, with the line above saying why; under CI=true the suite fails instead.
  describe.skip(name, body);
};

export type Identity = Readonly<{
  role: 'relationship_manager' | 'risk_officer' | 'branch_head' | 'dpo' | 'admin';
  sub?: string;
  managerId?: string;
  branchId?: string;
}>;

/** An axe-core finding, as much of it as a failing assertion needs to be read. */
export type AxeViolation = Readonly<{ id: string; impact: string | null; help: string; targets: string[] }>;

export type ConsoleUnderTest = Readonly<{
  api: ApiProcess;
  browser: Browser;
  /** The console's address on the API (`…/console/`). */
  url: string;
  /** A new page in its own browser context (its own tab and memory: a separate signed-in user). */
  newPage: () => Promise<Page>;
  /** Signs `page` in through the development picker (at `at`, the console's url by default), as a person would. */
  signIn: (page: Page, identity: Identity, at?: string) => Promise<void>;
  /** An API client holding a development token for `identity`, for setting up and checking data. */
  apiAs: (identity: Identity) => Promise<ApiClient>;
  /** axe-core's serious and critical violations on the page as it is now. */
  seriousViolations: (page: Page) => Promise<AxeViolation[]>;
  stop: () => Promise<void>;
}>;

const AXE_SOURCE = (): string => readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The built API (with the built console) on a fresh embedded store, and a headless Chromium. */
export const startConsole = async (env: Record<string, string> = {}): Promise<ConsoleUnderTest> => {
  const dir = scratchDir('console');
  const api = await startApiProcess({ SQLITE_PATH: join(dir.path, 'crm.sqlite'), AUTH_DEV_TOKENS: 'true', ...env });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const url = `${api.base}/console/`;
  const axe = AXE_SOURCE();
  const apiAs = async (identity: Identity): Promise<ApiClient> => {
    const { sub, ...claims } = identity;
    const minted = await api.anonymous.post<{ token: string }>('/v1/dev/tokens', {
      sub: sub ?? identity.managerId ?? `u-${identity.role}`,
      ...claims,
    });
    if (minted.status !== 201) throw new Error(`dev token refused: ${minted.status} ${JSON.stringify(minted.body)}`);
    return api.anonymous.withToken(minted.body.token);
  };
  return {
    api,
    browser,
    url,
    apiAs,
    newPage: async () => (await browser.newContext({ locale: 'en-GB', timezoneId: 'Asia/Shanghai' })).newPage(),
    signIn: async (page, identity, at = url) => {
      await page.goto(at);
      const form = page.getByTestId('dev-sign-in');
      await form.getByLabel(/^Role$|^角色$/).selectOption(identity.role);
      if (identity.sub !== undefined) await form.getByLabel(/^User id$|^用户编号$/).fill(identity.sub);
      if (identity.managerId !== undefined)
        await form.getByLabel(/^Manager id$|^客户经理编号$/).fill(identity.managerId);
      if (identity.branchId !== undefined) await form.getByLabel(/^Branch id$|^支行编号$/).fill(identity.branchId);
      await form.locator('button[type=submit]').click();
      await page.getByTestId('signed-in-as').waitFor();
      // Signed in means on the home page: a test's next `goto` must not race the console's own move there.
      await page.waitForFunction("!['', '#', '#/', '#/sign-in'].includes(location.hash)");
    },
    seriousViolations: async (page) => {
      // Strings, not functions: this file is compiled without the DOM's types. Evaluated rather than
      // added as a <script>: the console's policy refuses inline scripts, and the test must not lift it.
      if (!(await page.evaluate<boolean>("typeof window.axe === 'object'"))) await page.evaluate(axe);
      const found = await page.evaluate<AxeViolation[]>(
        `axe.run(document).then((result) => result.violations.map((violation) => ({
          id: violation.id,
          impact: violation.impact,
          help: violation.help,
          targets: violation.nodes.map((node) => node.target.join(' ')),
        })))`,
      );
      return found.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    },
    stop: async () => {
      await browser.close();
      await api.stop();
      dir.cleanup();
    },
  };
};

/** Polls `read` (10 s at most) until `done` holds: alerts and risk cases are raised after the write that causes them. */
export const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> => {
  for (let tries = 0; tries < 100; tries++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never saw ${what}`);
};
