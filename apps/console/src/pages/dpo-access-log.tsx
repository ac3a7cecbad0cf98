import { useEffect, useState } from 'preact/hooks';
import { Failure, Loading } from '../components';
import { useConsole } from '../console-context';
import { formatDateTime, formatNumber, messages } from '../i18n';
import { useLoad } from '../use-load';
import { roleName } from './sign-in';

const t = messages(
  {
    title: 'Who read this client’s data',
    intro: 'Every read of the client’s data through the API, newest first, with the purpose the reader gave.',
    when: 'When',
    user: 'User',
    role: 'Role',
    route: 'What was read',
    purpose: 'Purpose',
    noPurpose: 'none given',
    noReads: 'Nobody has read this client’s data.',
    shown: '{count} reads shown',
    older: 'Show older reads',
  },
  {
    title: '谁查看过该客户的数据',
    intro: '通过 API 对该客户数据的每一次查看，按时间倒序，并列出查看者填写的目的。',
    when: '时间',
    user: '用户',
    role: '角色',
    route: '查看内容',
    purpose: '目的',
    noPurpose: '未填写',
    noReads: '尚无人查看该客户的数据。',
    shown: '已显示 {count} 条查看记录',
    older: '显示更早的记录',
  },
);

type Entry = Readonly<{ at: string; userId: string; role: string; route: string; purpose: string | null }>;
type AccessLogPage = Readonly<{ entries: readonly Entry[]; nextCursor: string | null }>;

const PAGE = 50;

const Rows = ({ entries }: { entries: readonly Entry[] }) => (
  <table data-testid="access-log-table">
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
      {entries.map((entry, index) => (
        <tr key={`${entry.at}-${index}`}>
          <td>
            <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
          </td>
          <td>{entry.userId}</td>
          <td>{roleName(entry.role)}</td>
          <td>
            <code>{entry.route}</code>
          </td>
          <td>{entry.purpose ?? <span class="muted">{t('noPurpose')}</span>}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** The client's read audit, a page at a time (older pages on request); `round` reloads it from the newest. */
export const AccessLog = ({ clientId, round }: { clientId: string; round: number }) => {
  const { api } = useConsole();
  const path = `/v1/clients/${encodeURIComponent(clientId)}/access-log?limit=${PAGE}`;
  const first = useLoad(() => api.get<AccessLogPage>(path), [path, round]);
  const [older, setOlder] = useState<readonly AccessLogPage[]>([]);
  const [failure, setFailure] = useState<Error | null>(null);
  useEffect(() => setOlder([]), [first.data]);
  if (first.error !== null) return <Failure error={first.error} />;
  if (first.data === null) return <Loading />;
  const entries = [first.data, ...older].flatMap((page) => page.entries);
  const cursor = older.length === 0 ? first.data.nextCursor : (older[older.length - 1]?.nextCursor ?? null);
  const more = async (): Promise<void> => {
    if (cursor === null) return;
    try {
      const page = await api.get<AccessLogPage>(`${path}&cursor=${encodeURIComponent(cursor)}`);
      setOlder([...older, page]);
      setFailure(null);
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    }
  };
  return (
    <section class="card" aria-labelledby="dpo-access-log-title" data-testid="access-log">
      <h2 id="dpo-access-log-title">{t('title')}</h2>
      <p class="muted">{t('intro')}</p>
      {entries.length === 0 ? (
        <p data-testid="access-log-empty">{t('noReads')}</p>
      ) : (
        <>
          <Rows entries={entries} />
          <p class="muted">{t('shown', { count: formatNumber(entries.length) })}</p>
        </>
      )}
      {cursor !== null && (
        <button type="button" class="secondary" onClick={() => void more()}>
          {t('older')}
        </button>
      )}
      {failure !== null && <Failure error={failure} />}
    </section>
  );
};
