import { useEffect, useState } from 'preact/hooks';
import { ApiFailure } from '../api';
import { describedBy, Field, Page, TextField } from '../components';
import { useConsole } from '../console-context';
import { messages } from '../i18n';
import { finishOidcSignIn, startOidcSignIn } from '../oidc';

const t = messages(
  {
    title: 'Sign in',
    devIntro: 'Development sign-in: the API mints a token for the role and identity you choose.',
    role: 'Role',
    userId: 'User id',
    managerId: 'Manager id',
    branchId: 'Branch id',
    devSubmit: 'Sign in',
    oidcSubmit: 'Sign in with the bank’s identity provider',
    tokenIntro: 'Or paste a bearer token issued for you:',
    token: 'Bearer token',
    tokenSubmit: 'Use this token',
    badToken: 'This is not a token the console can read (it needs a subject and a role).',
    relationship_manager: 'Relationship manager',
    risk_officer: 'Risk officer',
    branch_head: 'Branch head',
    dpo: 'Data protection officer',
    admin: 'Administrator',
  },
  {
    title: '登录',
    devIntro: '开发环境登录：由 API 为所选角色和身份签发令牌。',
    role: '角色',
    userId: '用户编号',
    managerId: '客户经理编号',
    branchId: '支行编号',
    devSubmit: '登录',
    oidcSubmit: '通过银行统一身份认证登录',
    tokenIntro: '或粘贴为您签发的访问令牌：',
    token: '访问令牌',
    tokenSubmit: '使用此令牌',
    badToken: '无法识别此令牌（需要包含用户和角色）。',
    relationship_manager: '客户经理',
    risk_officer: '风险经理',
    branch_head: '支行行长',
    dpo: '数据保护官',
    admin: '管理员',
  },
);

const ROLES = ['relationship_manager', 'risk_officer', 'branch_head', 'dpo', 'admin'] as const;
type ConsoleRole = (typeof ROLES)[number];

/** A role in the chosen language (the code itself for a role the console has no page for, e.g. service). */
export const roleName = (role: string): string =>
  (ROLES as readonly string[]).includes(role) ? t(role as ConsoleRole) : role;

const DevSignIn = () => {
  const { api, signIn } = useConsole();
  const [role, setRole] = useState<ConsoleRole>('relationship_manager');
  const [userId, setUserId] = useState('');
  const [managerId, setManagerId] = useState('');
  const [branchId, setBranchId] = useState('');
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const sub = userId.trim() || (role === 'relationship_manager' && managerId.trim()) || `u-${role}`;
    try {
      const { token } = await api.post<{ token: string }>('/v1/dev/tokens', {
        sub,
        role,
        ...(managerId.trim() !== '' ? { managerId: managerId.trim() } : {}),
        ...(branchId.trim() !== '' ? { branchId: branchId.trim() } : {}),
      });
      setFailure(null);
      signIn(token);
    } catch (error) {
      if (error instanceof ApiFailure) setFailure(error);
      else throw error;
    }
  };
  const error = (field: string): string | undefined => failure?.forField(field);
  return (
    <form class="card" onSubmit={(event) => void submit(event)} data-testid="dev-sign-in">
      <p>{t('devIntro')}</p>
      <Field id="sign-in-role" label={t('role')} error={error('role')}>
        <select
          {...describedBy('sign-in-role', error('role'))}
          value={role}
          onChange={(event) => setRole((event.currentTarget as HTMLSelectElement).value as ConsoleRole)}
        >
          {ROLES.map((code) => (
            <option key={code} value={code}>
              {t(code)}
            </option>
          ))}
        </select>
      </Field>
      <TextField id="sign-in-user" label={t('userId')} error={error('sub')} value={userId} onValue={setUserId} />
      {(role === 'relationship_manager' || role === 'admin') && (
        <TextField
          id="sign-in-manager"
          label={t('managerId')}
          error={error('managerId')}
          value={managerId}
          onValue={setManagerId}
        />
      )}
      {(role === 'branch_head' || role === 'admin') && (
        <TextField
          id="sign-in-branch"
          label={t('branchId')}
          error={error('branchId')}
          value={branchId}
          onValue={setBranchId}
        />
      )}
      {failure !== null && failure.errors.length === 0 && (
        <p class="error" role="alert">
          {failure.message}
        </p>
      )}
      <button type="submit">{t('devSubmit')}</button>
    </form>
  );
};

const TokenSignIn = () => {
  const { signIn } = useConsole();
  const [token, setToken] = useState('');
  const [bad, setBad] = useState(false);
  const error = bad ? t('badToken') : undefined;
  return (
    <form
      class="card"
      onSubmit={(event) => {
        event.preventDefault();
        setBad(!signIn(token.trim()));
      }}
    >
      <p>{t('tokenIntro')}</p>
      <TextField id="sign-in-token" label={t('token')} error={error} value={token} onValue={setToken} type="password" />
      <button type="submit">{t('tokenSubmit')}</button>
    </form>
  );
};

export const SignIn = () => {
  const { settings, signIn } = useConsole();
  const [oidcError, setOidcError] = useState<string | null>(null);
  useEffect(() => {
    if (settings.oidc === null) return;
    finishOidcSignIn(settings.oidc).then(
      (token) => {
        if (token !== null) signIn(token);
      },
      (error: unknown) => setOidcError(error instanceof Error ? error.message : String(error)),
    );
  }, [settings, signIn]);
  return (
    <Page title={t('title')}>
      {settings.oidc !== null && (
        <div class="card">
          <button
            type="button"
            onClick={() => void startOidcSignIn(settings.oidc!).catch((e: Error) => setOidcError(e.message))}
          >
            {t('oidcSubmit')}
          </button>
          {oidcError !== null && (
            <p class="error" role="alert">
              {oidcError}
            </p>
          )}
        </div>
      )}
      {settings.devTokens && <DevSignIn />}
      <TokenSignIn />
    </Page>
  );
};
