import { useState } from 'preact/hooks';
import { ApiFailure } from '../api';
import { Failure, Field, Loading, Page, TextField } from '../components';
import { useConsole } from '../console-context';
import { formatDateTime, messages } from '../i18n';
import { navigate } from '../router';
import { useLoad } from '../use-load';

const t = messages(
  {
    title: 'Data protection',
    clientTitle: 'Client {client}',
    clientId: 'Client id',
    open: 'Open',
    accessLog: 'Who read this client’s data',
    when: 'When',
    user: 'User',
    role: 'Role',
    route: 'What',
    purpose: 'Purpose',
    noReads: 'Nobody has read this client’s data.',
    erasure: 'Erase the client’s personal data',
    erasureWarning:
      'Erasure destroys the client’s data key: every name, contact detail and note, in every event, view, backup and copy, then reads “[erased]”. Business facts (ratings, facilities, products, dates) stay. It cannot be undone.',
    basis: 'Legal basis and ticket reference (no personal data)',
    confirm: 'Type the client id to confirm',
    erase: 'Erase personal data',
    erased: 'Erased: the client’s key is destroyed (log position {position}).',
  },
  {
    title: '数据保护',
    clientTitle: '客户 {client}',
    clientId: '客户编号',
    open: '打开',
    accessLog: '谁查看过该客户的数据',
    when: '时间',
    user: '用户',
    role: '角色',
    route: '查看内容',
    purpose: '目的',
    noReads: '尚无人查看该客户的数据。',
    erasure: '删除客户个人信息',
    erasureWarning:
      '删除将销毁该客户的数据密钥：所有事件、视图、备份和副本中的名称、联系方式和备注都将显示为“[erased]”。业务事实（评级、额度、产品、日期）保留。此操作不可撤销。',
    basis: '法律依据及工单编号（不得包含个人信息）',
    confirm: '输入客户编号以确认',
    erase: '删除个人信息',
    erased: '已删除：客户密钥已销毁（日志位置 {position}）。',
  },
);

type AccessLog = Readonly<{
  entries: readonly Readonly<{ at: string; userId: string; role: string; route: string; purpose: string | null }>[];
}>;

const AccessLogTable = ({ clientId, after }: { clientId: string; after: string | null }) => {
  const { api } = useConsole();
  const loaded = useLoad(
    () => api.get<AccessLog>(`/v1/clients/${encodeURIComponent(clientId)}/access-log?limit=100`),
    [clientId, after],
  );
  if (loaded.error !== null) return <Failure error={loaded.error} />;
  if (loaded.data === null) return <Loading />;
  return (
    <section class="card" aria-labelledby="dpo-access-log">
      <h2 id="dpo-access-log">{t('accessLog')}</h2>
      {loaded.data.entries.length === 0 ? (
        <p class="muted">{t('noReads')}</p>
      ) : (
        <table data-testid="access-log">
          <thead>
            <tr>
              {[t('when'), t('user'), t('role'), t('route'), t('purpose')].map((label) => (
                <th key={label} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {loaded.data.entries.map((entry, index) => (
              <tr key={`${entry.at}-${index}`}>
                <td>{formatDateTime(entry.at)}</td>
                <td>{entry.userId}</td>
                <td>{entry.role}</td>
                <td>{entry.route}</td>
                <td>{entry.purpose ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};

const Erasure = ({ clientId, onErased }: { clientId: string; onErased: (position: string) => void }) => {
  const { api } = useConsole();
  const [basis, setBasis] = useState('');
  const [typed, setTyped] = useState('');
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const erase = async (): Promise<void> => {
    try {
      const answer = await api.delete<{ position: string }>(
        `/v1/clients/${encodeURIComponent(clientId)}/personal-data`,
        { basis },
      );
      setFailure(null);
      setDone(answer.position);
      onErased(answer.position);
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      setFailure(error);
    }
  };
  const error = failure?.forField('basis');
  return (
    <form
      class="card"
      aria-labelledby="dpo-erasure"
      data-testid="erasure"
      onSubmit={(event) => (event.preventDefault(), void erase())}
    >
      <h2 id="dpo-erasure">{t('erasure')}</h2>
      <p>{t('erasureWarning')}</p>
      <TextField id="erasure-basis" label={t('basis')} error={error} value={basis} onValue={setBasis} />
      <Field id="erasure-confirm" label={t('confirm')}>
        <input id="erasure-confirm" autoComplete="off" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="danger" disabled={typed.trim() !== clientId || done !== null}>
        {t('erase')}
      </button>
      {failure !== null && failure.errors.length === 0 && (
        <p class="error" role="alert">
          {failure.message}
        </p>
      )}
      {done !== null && (
        <p role="status" data-testid="erased">
          {t('erased', { position: done })}
        </p>
      )}
    </form>
  );
};

export const DataProtection = ({ clientId }: { clientId: string | null }) => {
  const [text, setText] = useState(clientId ?? '');
  const [erasedAt, setErasedAt] = useState<string | null>(null);
  return (
    <Page title={clientId === null ? t('title') : t('clientTitle', { client: clientId })}>
      <form
        class="toolbar"
        onSubmit={(event) => (event.preventDefault(), navigate(`/dpo/clients/${encodeURIComponent(text.trim())}`))}
      >
        <div class="field">
          <label for="dpo-client">{t('clientId')}</label>
          <input id="dpo-client" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <button type="submit">{t('open')}</button>
      </form>
      {clientId !== null && (
        <div data-testid="dpo-client-page" key={clientId}>
          <AccessLogTable clientId={clientId} after={erasedAt} />
          <Erasure clientId={clientId} onErased={setErasedAt} />
        </div>
      )}
    </Page>
  );
};
