import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { readShowcase } from './demo-showcase';

/**
 * `npm run console:screenshots`: pictures of the console's main pages in both languages, for the
 * README and docs/console/. Run it against the demo (`npm run demo` in another terminal): it reads
 * the demo's showcase (its core client, that client's manager and branch) and signs in as each
 * role through the development picker, as a person would.
 */
const settings = {
  base: process.env.CONSOLE_BASE ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`,
  demoDir: resolve(process.env.DEMO_DIR ?? 'data/demo'),
  out: resolve(process.env.SCREENSHOT_DIR ?? 'docs/console'),
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
};

/** `ready`: what shows the page has its data (the alert queue keeps a connection open, so the network never idles). */
type Shot = Readonly<{ name: string; role: string; ready: string; path: (ids: Ids) => string }>;
type Ids = Readonly<{ clientId: string; managerId: string; branchId: string; caseId: string | null }>;

const SHOTS: readonly Shot[] = [
  { name: 'portfolio', role: 'relationship_manager', ready: '[data-testid=portfolio-table]', path: () => '/portfolio' },
  {
    name: 'client',
    role: 'relationship_manager',
    ready: '[data-testid=client-timeline]',
    path: (ids) => `/clients/${ids.clientId}`,
  },
  { name: 'alert-queue', role: 'risk_officer', ready: '[data-state=live]', path: () => '/alerts' },
  {
    name: 'risk-case',
    role: 'risk_officer',
    ready: '[data-testid=case-context]',
    path: (ids) => (ids.caseId === null ? '' : `/cases/${ids.caseId}`),
  },
  { name: 'branch-dashboard', role: 'branch_head', ready: '[data-testid=branch-dashboard]', path: () => '/branch' },
  {
    name: 'data-protection',
    role: 'dpo',
    ready: '[data-testid=access-log]',
    path: (ids) => `/dpo/clients/${ids.clientId}`,
  },
];

const post = async <T>(path: string, body: unknown, token?: string): Promise<T> => {
  const response = await fetch(`${settings.base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}`);
  return (await response.json()) as T;
};

/** A risk case of the demo to show, if the risk monitor opened one. */
const someCase = async (): Promise<string | null> => {
  const { token } = await post<{ token: string }>('/v1/dev/tokens', { sub: 'u-screenshots', role: 'admin' });
  const response = await fetch(`${settings.base}/v1/risk-cases?limit=1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) return null;
  const body = (await response.json()) as { items?: { id?: string; caseId?: string }[] };
  const first = body.items?.[0];
  return first?.id ?? first?.caseId ?? null;
};

const signIn = async (page: Page, role: string, ids: Ids): Promise<void> => {
  await page.goto(`${settings.base}/console/`);
  const form = page.getByTestId('dev-sign-in');
  await form.locator('#sign-in-role').selectOption(role);
  if (role === 'relationship_manager') {
    await form.locator('#sign-in-user').fill(ids.managerId);
    await form.locator('#sign-in-manager').fill(ids.managerId);
  }
  if (role === 'branch_head') await form.locator('#sign-in-branch').fill(ids.branchId);
  await form.locator('button[type=submit]').click();
  await page.getByTestId('signed-in-as').waitFor();
};

const main = async (): Promise<void> => {
  const showcase = readShowcase(join(settings.demoDir, 'showcase.json'));
  if (showcase === null)
    throw new Error(`no demo in ${settings.demoDir}: run npm run demo first (and leave it running)`);
  const ids: Ids = { ...showcase, caseId: await someCase() };
  mkdirSync(settings.out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: settings.chromium,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    for (const locale of ['en', 'zh-CN'] as const) {
      const signInPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await signInPage.goto(`${settings.base}/console/`);
      await signInPage.getByTestId('language').selectOption(locale);
      await signInPage.getByTestId('dev-sign-in').waitFor();
      await signInPage.screenshot({ path: join(settings.out, `sign-in.${locale}.png`) });
      await signInPage.close();
      for (const shot of SHOTS) {
        const path = shot.path(ids);
        if (path === '') continue;
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await signIn(page, shot.role, ids);
        await page.getByTestId('language').selectOption(locale);
        await page.goto(`${settings.base}/console/#${path}`);
        await page.locator(shot.ready).first().waitFor();
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(settings.out, `${shot.name}.${locale}.png`) });
        process.stderr.write(`console:screenshots: ${shot.name}.${locale}.png\n`);
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`console:screenshots: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
