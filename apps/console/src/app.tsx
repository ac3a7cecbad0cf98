import { useEffect, useMemo, useState } from 'preact/hooks';
import { Api } from './api';
import { ConsoleContext, type ConsoleSettings, type ConsoleState } from './console-context';
import { LOCALES, locale, messages, onLocaleChange, setLocale, type Locale } from './i18n';
import { currentRoute, link, navigate, useRoute } from './router';
import { homeOf, principalOf, type Principal } from './session';
import { Routes } from './routes';
import { roleName, SignIn } from './pages/sign-in';

const t = messages(
  {
    skip: 'Skip to content',
    brand: 'Client relationship console',
    portfolio: 'Portfolio',
    clients: 'Clients',
    alerts: 'Alert queue',
    approvals: 'Approvals',
    branch: 'Branch dashboard',
    dpo: 'Data protection',
    language: 'Language',
    signOut: 'Sign out',
    signedInAs: 'Signed in as {user} ({role})',
    main: 'Main',
  },
  {
    skip: '跳到正文',
    brand: '客户经理工作台',
    portfolio: '客户组合',
    clients: '客户',
    alerts: '预警队列',
    approvals: '审批',
    branch: '支行看板',
    dpo: '数据保护',
    language: '语言',
    signOut: '退出',
    signedInAs: '当前用户 {user}（{role}）',
    main: '主导航',
  },
);

type NavKey = 'portfolio' | 'clients' | 'alerts' | 'approvals' | 'branch' | 'dpo';

/** The pages each role works in; the API decides what each may do there. */
const NAV: Readonly<Record<string, readonly NavKey[]>> = {
  relationship_manager: ['portfolio', 'clients'],
  risk_officer: ['alerts', 'approvals', 'clients'],
  branch_head: ['branch', 'portfolio', 'clients', 'alerts', 'approvals'],
  dpo: ['dpo'],
  admin: ['clients', 'alerts', 'approvals', 'branch', 'dpo'],
};

const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', 'zh-CN': '中文' };

const LanguageSwitch = () => (
  <label class="language">
    <span class="visually-hidden">{t('language')}</span>
    <select
      value={locale()}
      onChange={(event) => setLocale((event.currentTarget as HTMLSelectElement).value as Locale)}
      data-testid="language"
    >
      {LOCALES.map((code) => (
        <option key={code} value={code} lang={code}>
          {LANGUAGE_NAMES[code]}
        </option>
      ))}
    </select>
  </label>
);

const Header = ({ principal, onSignOut }: { principal: Principal | null; onSignOut: () => void }) => {
  const route = useRoute();
  return (
    <header class="top">
      <a
        class="skip"
        href="#page-title"
        onClick={(event) => (event.preventDefault(), document.getElementById('page-title')?.focus())}
      >
        {t('skip')}
      </a>
      <a class="brand" href={link(principal === null ? '/sign-in' : homeOf(principal))}>
        {t('brand')}
      </a>
      {principal !== null && (
        <nav aria-label={t('main')}>
          <ul>
            {(NAV[principal.role] ?? ['clients']).map((key) => (
              <li key={key}>
                <a href={link(`/${key}`)} aria-current={route.segments[0] === key ? 'page' : undefined}>
                  {t(key)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div class="session">
        <LanguageSwitch />
        {principal !== null && (
          <>
            <span class="who" data-testid="signed-in-as">
              {t('signedInAs', { user: principal.userId, role: roleName(principal.role) })}
            </span>
            <button type="button" onClick={onSignOut}>
              {t('signOut')}
            </button>
          </>
        )}
      </div>
    </header>
  );
};

export const App = ({ settings }: { settings: ConsoleSettings }) => {
  const [principal, setPrincipal] = useState<Principal | null>(null);
  const [, setLanguage] = useState(locale());
  useEffect(() => onLocaleChange(setLanguage), []);
  // When the first page is on screen, by the browser's clock: what the load-time test reads.
  useEffect(() => void performance.mark('console-first-page'), []);
  const route = useRoute();
  const state = useMemo<ConsoleState>(() => {
    const api = new Api('', () => {
      api.signOut();
      setPrincipal(null);
    });
    return {
      api,
      settings,
      principal: null,
      signIn: (token) => {
        const who = principalOf(token);
        if (who === null) return false;
        api.signIn(token);
        setPrincipal(who);
        return true;
      },
      signOut: () => {
        api.signOut();
        setPrincipal(null);
        navigate('/sign-in');
      },
    };
  }, [settings]);
  const value = useMemo(() => ({ ...state, principal }), [state, principal]);
  useEffect(() => {
    // The live hash, not `route`: the effect runs after the paint, and a link followed (or an address
    // typed) in between must not be sent back home by a route state that has not caught up with it.
    const live = currentRoute().path;
    if (principal !== null && (live === '/' || live === '/sign-in')) navigate(homeOf(principal));
  }, [principal, route.path]);
  return (
    <ConsoleContext.Provider value={value}>
      <Header principal={principal} onSignOut={state.signOut} />
      <main id="content">{principal === null ? <SignIn /> : <Routes route={route} />}</main>
    </ConsoleContext.Provider>
  );
};
