import { useMemo, useState } from 'preact/hooks';
import { Failure, Loading, Page } from '../components';
import { usePrincipal, useConsole } from '../console-context';
import { formatDateTime, formatNumber, messages } from '../i18n';
import { link } from '../router';
import { useLoad } from '../use-load';

const t = messages(
  {
    title: 'Portfolio of {manager}',
    chooseManager: 'Which manager’s portfolio? Open it as /portfolio/<manager id>.',
    filterName: 'Client name contains',
    filterTier: 'Tier',
    filterRisk: 'Risk level',
    any: 'Any',
    name: 'Client',
    tier: 'Tier',
    lastContact: 'Last contact',
    followUpsDue: 'Follow-ups due',
    openAlerts: 'Open alerts',
    riskLevel: 'Risk level',
    clients: 'Clients',
    atRisk: 'At risk',
    shown: '{shown} of {total} clients shown',
    never: 'never',
    sortBy: 'Sort by {column}',
    prospect: 'prospect',
  },
  {
    title: '{manager} 的客户组合',
    chooseManager: '请指定客户经理：以 /portfolio/<客户经理编号> 打开。',
    filterName: '客户名称包含',
    filterTier: '客户层级',
    filterRisk: '风险等级',
    any: '全部',
    name: '客户',
    tier: '层级',
    lastContact: '最近联系',
    followUpsDue: '待跟进',
    openAlerts: '未结预警',
    riskLevel: '风险等级',
    clients: '客户数',
    atRisk: '风险客户',
    shown: '显示 {shown} / {total} 位客户',
    never: '从未',
    sortBy: '按{column}排序',
    prospect: '潜在客户',
  },
);

export const TIERS = ['core', 'key', 'standard', 'basic', 'none'] as const;
export const RISK_LEVELS = ['none', 'low', 'medium', 'high', 'critical'] as const;

const words = messages(
  {
    core: 'Core',
    key: 'Key',
    standard: 'Standard',
    basic: 'Basic',
    none: 'None',
    low: 'Low',
    medium: 'Medium',
    high: 'High',
    critical: 'Critical',
  },
  {
    core: '核心',
    key: '重点',
    standard: '标准',
    basic: '基础',
    none: '无',
    low: '低',
    medium: '中',
    high: '高',
    critical: '极高',
  },
);

/** A tier or risk level in the chosen language (the API's code when it is one the console does not know). */
export const levelName = (code: string | null): string =>
  code === null ? words('none') : WORD_CODES.has(code) ? words(code as WordCode) : code;
type WordCode = (typeof TIERS)[number] | (typeof RISK_LEVELS)[number];
const WORD_CODES: ReadonlySet<string> = new Set([...TIERS, ...RISK_LEVELS]);

/** The stylesheet marks risk levels up to high; a critical one takes the critical severity's mark. */
export const riskClass = (level: string): string =>
  level === 'critical' ? 'badge severity-critical' : `badge risk-${level}`;

type PortfolioClient = Readonly<{
  id: string;
  legalName: string;
  status: string;
  /** Null until the client is first graded: the tier filter's "none". */
  tier: string | null;
  lastContactAt: string | null;
  followUpsDue: number;
  openAlerts: number;
  riskLevel: string;
}>;
type PortfolioAnswer = Readonly<{
  managerId: string;
  clients: readonly PortfolioClient[];
  totals: Readonly<{ clients: number; followUpsDue: number; openAlerts: number; atRisk: number }>;
}>;

type Column = 'legalName' | 'tier' | 'lastContactAt' | 'followUpsDue' | 'openAlerts' | 'riskLevel';
const COLUMNS: readonly [Column, 'name' | 'tier' | 'lastContact' | 'followUpsDue' | 'openAlerts' | 'riskLevel'][] = [
  ['legalName', 'name'],
  ['tier', 'tier'],
  ['lastContactAt', 'lastContact'],
  ['followUpsDue', 'followUpsDue'],
  ['openAlerts', 'openAlerts'],
  ['riskLevel', 'riskLevel'],
];

/** Orders that mean something: tiers from core down, risk from high down, dates and counts as such. */
const rank = (column: Column, client: PortfolioClient): string | number => {
  if (column === 'tier') return TIERS.indexOf((client.tier ?? 'none') as (typeof TIERS)[number]);
  if (column === 'riskLevel') return -RISK_LEVELS.indexOf(client.riskLevel as (typeof RISK_LEVELS)[number]);
  if (column === 'lastContactAt') return client.lastContactAt ?? '';
  return client[column];
};

const sorted = (clients: readonly PortfolioClient[], column: Column, ascending: boolean): PortfolioClient[] =>
  [...clients].sort((a, b) => {
    const [x, y] = [rank(column, a), rank(column, b)];
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return ascending ? order : -order;
  });

const Filters = (props: {
  name: string;
  tier: string;
  risk: string;
  onName: (value: string) => void;
  onTier: (value: string) => void;
  onRisk: (value: string) => void;
}) => (
  <div class="toolbar" role="search">
    <div class="field">
      <label for="portfolio-name">{t('filterName')}</label>
      <input id="portfolio-name" value={props.name} onInput={(e) => props.onName(e.currentTarget.value)} />
    </div>
    <div class="field">
      <label for="portfolio-tier">{t('filterTier')}</label>
      <select id="portfolio-tier" value={props.tier} onChange={(e) => props.onTier(e.currentTarget.value)}>
        <option value="">{t('any')}</option>
        {TIERS.map((tier) => (
          <option key={tier} value={tier}>
            {levelName(tier)}
          </option>
        ))}
      </select>
    </div>
    <div class="field">
      <label for="portfolio-risk">{t('filterRisk')}</label>
      <select id="portfolio-risk" value={props.risk} onChange={(e) => props.onRisk(e.currentTarget.value)}>
        <option value="">{t('any')}</option>
        {RISK_LEVELS.map((level) => (
          <option key={level} value={level}>
            {levelName(level)}
          </option>
        ))}
      </select>
    </div>
  </div>
);

const Row = ({ client }: { client: PortfolioClient }) => (
  <tr>
    <td>
      <a href={link(`/clients/${client.id}`)}>{client.legalName}</a>
      {client.status === 'prospect' && <span class="muted"> ({t('prospect')})</span>}
    </td>
    <td>{levelName(client.tier)}</td>
    <td>{client.lastContactAt === null ? t('never') : formatDateTime(client.lastContactAt)}</td>
    <td class="number">{formatNumber(client.followUpsDue)}</td>
    <td class="number">{formatNumber(client.openAlerts)}</td>
    <td>
      <span class={riskClass(client.riskLevel)}>{levelName(client.riskLevel)}</span>
    </td>
  </tr>
);

const PortfolioTable = ({ answer }: { answer: PortfolioAnswer }) => {
  const [column, setColumn] = useState<Column>('legalName');
  const [ascending, setAscending] = useState(true);
  const [name, setName] = useState('');
  const [tier, setTier] = useState('');
  const [risk, setRisk] = useState('');
  const shown = useMemo(() => {
    const needle = name.trim().toLowerCase();
    const kept = answer.clients.filter(
      (client) =>
        (needle === '' || client.legalName.toLowerCase().includes(needle)) &&
        (tier === '' || (client.tier ?? 'none') === tier) &&
        (risk === '' || client.riskLevel === risk),
    );
    return sorted(kept, column, ascending);
  }, [answer, column, ascending, name, tier, risk]);
  const sortOn = (next: Column): void => {
    setAscending(next === column ? !ascending : true);
    setColumn(next);
  };
  return (
    <>
      <Filters name={name} tier={tier} risk={risk} onName={setName} onTier={setTier} onRisk={setRisk} />
      <p class="muted" role="status" data-testid="portfolio-count">
        {t('shown', { shown: shown.length, total: answer.clients.length })}
      </p>
      <table data-testid="portfolio-table">
        <thead>
          <tr>
            {COLUMNS.map(([key, label]) => (
              <th
                key={key}
                scope="col"
                class={key === 'followUpsDue' || key === 'openAlerts' ? 'number' : undefined}
                aria-sort={column === key ? (ascending ? 'ascending' : 'descending') : 'none'}
              >
                <button type="button" onClick={() => sortOn(key)} aria-label={t('sortBy', { column: t(label) })}>
                  {t(label)}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((client) => (
            <Row key={client.id} client={client} />
          ))}
        </tbody>
      </table>
    </>
  );
};

export const Portfolio = ({ managerId }: { managerId: string | null }) => {
  const { api } = useConsole();
  const principal = usePrincipal();
  const id = managerId ?? principal.managerId;
  const loaded = useLoad(
    () =>
      id === null
        ? Promise.resolve(null)
        : api.get<PortfolioAnswer>(`/v1/managers/${encodeURIComponent(id)}/portfolio`),
    [id],
  );
  if (id === null) return <Page title={t('title', { manager: '…' })}>{t('chooseManager')}</Page>;
  if (loaded.error !== null) return <Failure error={loaded.error} />;
  const answer = loaded.data;
  return (
    <Page title={t('title', { manager: id })}>
      {answer === null ? (
        <Loading />
      ) : (
        <div data-testid="portfolio">
          <dl class="grid">
            {(
              [
                ['clients', answer.totals.clients],
                ['followUpsDue', answer.totals.followUpsDue],
                ['openAlerts', answer.totals.openAlerts],
                ['atRisk', answer.totals.atRisk],
              ] as const
            ).map(([key, value]) => (
              <div class="card" key={key}>
                <dt>{t(key)}</dt>
                <dd class="figure" data-testid={`portfolio-total-${key}`}>
                  {formatNumber(value)}
                </dd>
              </div>
            ))}
          </dl>
          <PortfolioTable answer={answer} />
        </div>
      )}
    </Page>
  );
};
