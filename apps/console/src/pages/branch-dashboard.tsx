import { useState } from 'preact/hooks';
import { Failure, Loading, Page } from '../components';
import { useConsole, usePrincipal } from '../console-context';
import { formatMoney, formatNumber, formatPercent, messages } from '../i18n';
import { navigate } from '../router';
import { useLoad } from '../use-load';
import { alertWord, SEVERITIES } from './alert-words';
import { BarChart, ParetoChart } from './chart-bars';
import { levelName, TIERS } from './portfolio';

const t = messages(
  {
    title: 'Branch {branch}',
    choose: 'Branch id',
    open: 'Open',
    clients: 'Clients',
    prospects: 'Prospects',
    coreCoverage: 'Core clients covered by a manager',
    nps: 'NPS (last 12 months)',
    byTier: 'Clients by tier',
    pareto: 'Contribution of the top 20 % of clients',
    paretoNote: '{share} of the branch’s contribution comes from its top fifth of clients.',
    npsByQuarter: 'NPS by quarter (target {target})',
    alerts: 'Open alerts by severity',
    balances: 'Balances',
    currency: 'Currency',
    aum: 'Assets under management',
    loans: 'Loans outstanding',
    limits: 'Total limits',
  },
  {
    title: '{branch} 支行',
    choose: '支行编号',
    open: '打开',
    clients: '客户数',
    prospects: '潜在客户',
    coreCoverage: '有客户经理覆盖的核心客户',
    nps: '净推荐值（近 12 个月）',
    byTier: '各层级客户数',
    pareto: '前 20% 客户的贡献占比',
    paretoNote: '本支行 {share} 的贡献来自前五分之一的客户。',
    npsByQuarter: '各季度净推荐值（目标 {target}）',
    alerts: '各严重程度的未结预警',
    balances: '余额',
    currency: '币种',
    aum: '管理资产',
    loans: '贷款余额',
    limits: '授信总额',
  },
);

type Dashboard = Readonly<{
  branchId: string;
  clients: number;
  prospects: number;
  clientsByTier: Readonly<Record<string, number>>;
  paretoTop20Share: number | null;
  coreCoverage: number | null;
  nps: number | null;
  openAlertsBySeverity: Readonly<Record<string, number>>;
  balances: readonly Readonly<{ currency: string; aum: string; loansOutstanding: string; totalLimits: string }>[];
}>;
type Satisfaction = Readonly<{
  target: Readonly<{ nps: number | null }> | null;
  quarters: readonly Readonly<{ quarter: string; nps: number | null }>[];
}>;

const Figure = ({ label, value, id }: { label: string; value: string; id: string }) => (
  <div class="card">
    <dt>{label}</dt>
    <dd class="figure" data-testid={`figure-${id}`}>
      {value}
    </dd>
  </div>
);

const Balances = ({ dashboard }: { dashboard: Dashboard }) => (
  <section class="card" aria-labelledby="branch-balances">
    <h2 id="branch-balances">{t('balances')}</h2>
    <table data-testid="branch-balances">
      <thead>
        <tr>
          <th scope="col">{t('currency')}</th>
          <th scope="col" class="number">
            {t('aum')}
          </th>
          <th scope="col" class="number">
            {t('loans')}
          </th>
          <th scope="col" class="number">
            {t('limits')}
          </th>
        </tr>
      </thead>
      <tbody>
        {dashboard.balances.map((row) => (
          <tr key={row.currency}>
            <td>{row.currency}</td>
            <td class="number">{formatMoney(row.aum, row.currency)}</td>
            <td class="number">{formatMoney(row.loansOutstanding, row.currency)}</td>
            <td class="number">{formatMoney(row.totalLimits, row.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </section>
);

const Charts = ({ dashboard, satisfaction }: { dashboard: Dashboard; satisfaction: Satisfaction | null }) => {
  const share = dashboard.paretoTop20Share;
  const quarters = satisfaction?.quarters ?? [];
  return (
    <div class="grid">
      <section class="card" aria-labelledby="chart-tiers">
        <h2 id="chart-tiers">{t('byTier')}</h2>
        <BarChart
          title={t('byTier')}
          testId="chart-tiers"
          bars={TIERS.filter((tier) => tier !== 'none').map((tier) => ({
            key: tier,
            label: levelName(tier),
            value: dashboard.clientsByTier[tier] ?? 0,
          }))}
        />
      </section>
      <section class="card" aria-labelledby="chart-pareto">
        <h2 id="chart-pareto">{t('pareto')}</h2>
        {share !== null && <ParetoChart title={t('pareto')} top20Share={share} shown={formatPercent(share)} />}
        <p data-testid="figure-pareto">{t('paretoNote', { share: formatPercent(share) })}</p>
      </section>
      <section class="card" aria-labelledby="chart-nps">
        <h2 id="chart-nps">{t('npsByQuarter', { target: formatNumber(satisfaction?.target?.nps ?? null) })}</h2>
        <BarChart
          title={t('npsByQuarter', { target: formatNumber(satisfaction?.target?.nps ?? null) })}
          testId="chart-nps"
          bars={quarters.map((quarter) => ({
            key: quarter.quarter,
            label: quarter.quarter,
            value: Math.max(0, quarter.nps ?? 0),
            shown: formatNumber(quarter.nps),
          }))}
        />
      </section>
      <section class="card" aria-labelledby="chart-alerts">
        <h2 id="chart-alerts">{t('alerts')}</h2>
        <BarChart
          title={t('alerts')}
          testId="chart-alerts"
          bars={SEVERITIES.map((severity) => ({
            key: severity,
            label: alertWord(severity),
            value: dashboard.openAlertsBySeverity[severity] ?? 0,
          }))}
        />
      </section>
    </div>
  );
};

const ChooseBranch = () => {
  const [text, setText] = useState('');
  return (
    <Page title={t('title', { branch: '…' })}>
      <form
        class="toolbar"
        onSubmit={(event) => (event.preventDefault(), navigate(`/branch/${encodeURIComponent(text.trim())}`))}
      >
        <div class="field">
          <label for="branch-id">{t('choose')}</label>
          <input id="branch-id" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <button type="submit">{t('open')}</button>
      </form>
    </Page>
  );
};

const BranchView = ({ branchId }: { branchId: string }) => {
  const { api } = useConsole();
  const id = encodeURIComponent(branchId);
  const dashboard = useLoad(() => api.get<Dashboard>(`/v1/branches/${id}/dashboard`), [id]);
  const satisfaction = useLoad(() => api.get<Satisfaction>(`/v1/branches/${id}/satisfaction`), [id]);
  if (dashboard.error !== null) return <Failure error={dashboard.error} />;
  const answer = dashboard.data;
  if (answer === null) return <Loading />;
  return (
    <Page title={t('title', { branch: branchId })}>
      <div data-testid="branch-dashboard">
        <dl class="grid">
          <Figure label={t('clients')} value={formatNumber(answer.clients)} id="clients" />
          <Figure label={t('prospects')} value={formatNumber(answer.prospects)} id="prospects" />
          <Figure label={t('coreCoverage')} value={formatPercent(answer.coreCoverage)} id="core-coverage" />
          <Figure label={t('nps')} value={formatNumber(answer.nps)} id="nps" />
        </dl>
        <Charts dashboard={answer} satisfaction={satisfaction.data} />
        <Balances dashboard={answer} />
      </div>
    </Page>
  );
};

export const BranchDashboard = ({ branchId }: { branchId: string | null }) => {
  const principal = usePrincipal();
  const id = branchId ?? principal.branchId;
  return id === null ? <ChooseBranch /> : <BranchView branchId={id} />;
};
