import { useState } from 'preact/hooks';
import { Failure, Loading, Page } from '../components';
import { useConsole } from '../console-context';
import { formatDateTime, messages } from '../i18n';
import { link } from '../router';
import { useLoad } from '../use-load';
import { levelName, riskClass } from './portfolio';

const t = messages(
  {
    title: 'Clients',
    search: 'Name or registration number starts with',
    find: 'Search',
    name: 'Client',
    tier: 'Tier',
    risk: 'Risk level',
    lastContact: 'Last contact',
    none: 'No client matches.',
    hint: 'The list shows only the clients you may see.',
  },
  {
    title: '客户',
    search: '名称或统一社会信用代码开头为',
    find: '搜索',
    name: '客户',
    tier: '层级',
    risk: '风险等级',
    lastContact: '最近联系',
    none: '没有匹配的客户。',
    hint: '列表仅显示您有权查看的客户。',
  },
);

type Found = Readonly<{
  id: string;
  legalName: string;
  tier: string | null;
  riskLevel: string;
  lastContactAt: string | null;
}>;

export const ClientSearch = () => {
  const { api } = useConsole();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const query = q === '' ? '' : `&q=${encodeURIComponent(q)}`;
  const loaded = useLoad(() => api.get<{ items: Found[] }>(`/v1/clients?limit=50${query}`), [query]);
  return (
    <Page title={t('title')}>
      <form
        class="toolbar"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setQ(text.trim());
        }}
      >
        <div class="field">
          <label for="client-q">{t('search')}</label>
          <input id="client-q" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <button type="submit">{t('find')}</button>
      </form>
      <p class="muted">{t('hint')}</p>
      {loaded.error !== null && <Failure error={loaded.error} />}
      {loaded.data === null ? (
        <Loading />
      ) : loaded.data.items.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <table data-testid="client-results">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('tier')}</th>
              <th scope="col">{t('risk')}</th>
              <th scope="col">{t('lastContact')}</th>
            </tr>
          </thead>
          <tbody>
            {loaded.data.items.map((client) => (
              <tr key={client.id}>
                <td>
                  <a href={link(`/clients/${client.id}`)}>{client.legalName}</a>
                </td>
                <td>{levelName(client.tier)}</td>
                <td>
                  <span class={riskClass(client.riskLevel)}>{levelName(client.riskLevel)}</span>
                </td>
                <td>{formatDateTime(client.lastContactAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
};
