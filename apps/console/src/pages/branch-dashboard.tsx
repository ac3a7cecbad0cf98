import { useState } from 'preact/hooks';
import { ApiFailure } from '../api';
import { Failure, Loading, Page, TextField } from '../components';
import { useConsole, usePrincipal } from '../console-context';
import { formatNumber, formatPercent, messages } from '../i18n';
import { navigate } from '../router';
import { useLoad } from '../use-load';
import {
  AlertChart,
  NpsSection,
  ParetoSection,
  TierChart,
  type Dashboard,
  type Quarter,
  type Satisfaction,
} from './branch-charts';
import { Balances, Figure, Pipeline } from './branch-tables';

const t = messages(
  {
    title: 'Branch {branch}',
    chooseTitle: 'Branch dashboard',
    chooseIntro: 'Choose the branch whose dashboard you want to see.',
    branchId: 'Branch id',
    open: 'Open',
    refresh: 'Refresh',
    figures: 'Key figures',
    clients: 'Clients',
    prospects: 'Prospects',
    conversion: 'Conversion rate',
    coreCoverage: 'Core clients contacted in the last 35 days',
    coreJunior: 'Core clients with an associate manager',
    products: 'Products per client',
    nps: 'NPS (each client’s latest answer)',
    pareto: 'Contribution of the top 20 % of clients',
    openAlerts: 'Open alerts',
  },
  {
    title: '{branch} 支行',
    chooseTitle: '支行看板',
    chooseIntro: '请选择要查看看板的支行。',
    branchId: '支行编号',
    open: '打开',
    refresh: '刷新',
    figures: '关键指标',
    clients: '客户数',
    prospects: '潜在客户',
    conversion: '转化率',
    coreCoverage: '近 35 天内有联系的核心客户占比',
    coreJunior: '由助理客户经理维护的核心客户',
    products: '户均持有产品数',
    nps: '净推荐值（各客户最近一次答卷）',
    pareto: '前 20% 客户的贡献占比',
    openAlerts: '未结预警',
  },
);

/** Opens a branch's dashboard: what an administrator or risk officer, who have no branch of their own, start with. */
const BranchPicker = ({ current }: { current: string }) => {
  const [text, setText] = useState(current);
  const open = (event: Event): void => {
    event.preventDefault();
    if (text.trim() !== '') navigate(`/branch/${encodeURIComponent(text.trim())}`);
  };
  return (
    <form class="toolbar" onSubmit={open} data-testid="branch-picker">
      <TextField id="branch-id" label={t('branchId')} value={text} onValue={setText} />
      <button type="submit">{t('open')}</button>
    </form>
  );
};

const ChooseBranch = () => (
  <Page title={t('chooseTitle')}>
    <p>{t('chooseIntro')}</p>
    <BranchPicker current="" />
  </Page>
);

const sum = (counts: Readonly<Record<string, number>>): number => Object.values(counts).reduce((a, b) => a + b, 0);

const Figures = ({ dashboard }: { dashboard: Dashboard }) => (
  <section aria-labelledby="branch-figures-title">
    <h2 id="branch-figures-title" class="visually-hidden">
      {t('figures')}
    </h2>
    <dl class="grid">
      <Figure label={t('clients')} value={formatNumber(dashboard.clients)} id="clients-total" />
      <Figure label={t('prospects')} value={formatNumber(dashboard.prospects)} id="prospects" />
      <Figure label={t('conversion')} value={formatPercent(dashboard.conversionRate)} id="conversion-rate" />
      <Figure label={t('coreCoverage')} value={formatPercent(dashboard.coreCoverage)} id="core-coverage" />
      <Figure label={t('coreJunior')} value={formatNumber(dashboard.coreClientsWithJuniorManager)} id="core-junior" />
      <Figure label={t('products')} value={formatNumber(dashboard.productsPerClient, 1)} id="products-per-client" />
      <Figure label={t('nps')} value={formatNumber(dashboard.nps)} id="nps" />
      <Figure label={t('pareto')} value={formatPercent(dashboard.paretoTop20Share)} id="pareto-top20" />
      <Figure label={t('openAlerts')} value={formatNumber(sum(dashboard.openAlertsBySeverity))} id="open-alerts" />
    </dl>
  </section>
);

/**
 * Last year's quarters and this year's up to the one under way: NPS over time, without the
 * quarters still to come.
 */
const quartersToShow = (previous: Satisfaction | null, current: Satisfaction): readonly Quarter[] => {
  const firstOpen = current.quarters.findIndex((quarter) => !quarter.ended);
  const thisYear = firstOpen === -1 ? current.quarters : current.quarters.slice(0, firstOpen + 1);
  return [...(previous?.quarters ?? []), ...thisYear];
};

const useSatisfaction = (branch: string, round: number) => {
  const { api } = useConsole();
  const path = `/v1/branches/${branch}/satisfaction`;
  const current = useLoad(() => api.get<Satisfaction>(path), [path, round]);
  const year = current.data?.year ?? null;
  const previous = useLoad(
    () => (year === null ? Promise.resolve(null) : api.get<Satisfaction>(`${path}?year=${year - 1}`)),
    [path, year, round],
  );
  const ready = current.data !== null && year !== null && !previous.loading;
  return {
    quarters: ready && current.data !== null ? quartersToShow(previous.data, current.data) : null,
    target: current.data?.target?.nps ?? null,
    error: current.error ?? previous.error,
  };
};

const BranchView = ({ branchId, pick }: { branchId: string; pick: boolean }) => {
  const { api } = useConsole();
  const branch = encodeURIComponent(branchId);
  const [round, setRound] = useState(0);
  const dashboard = useLoad(() => api.get<Dashboard>(`/v1/branches/${branch}/dashboard`), [branch, round]);
  const satisfaction = useSatisfaction(branch, round);
  // Another branch than the head's own is a 404: the console's one not-found page, with its own title.
  if (dashboard.error instanceof ApiFailure && dashboard.error.status === 404)
    return <Failure error={dashboard.error} />;
  const answer = dashboard.data;
  const actions = (
    <div class="toolbar">
      {pick && <BranchPicker current={branchId} />}
      <button type="button" class="secondary" onClick={() => setRound((value) => value + 1)}>
        {t('refresh')}
      </button>
    </div>
  );
  return (
    <Page title={t('title', { branch: branchId })} actions={actions}>
      {dashboard.error !== null ? (
        <Failure error={dashboard.error} />
      ) : answer === null ? (
        <Loading />
      ) : (
        <div data-testid="branch-dashboard" aria-busy={dashboard.loading}>
          <Figures dashboard={answer} />
          <div class="grid" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 400px), 1fr))' }}>
            <TierChart dashboard={answer} />
            <ParetoSection share={answer.paretoTop20Share} />
            <NpsSection quarters={satisfaction.quarters} target={satisfaction.target} error={satisfaction.error} />
            <AlertChart dashboard={answer} />
          </div>
          <Balances dashboard={answer} />
          <Pipeline dashboard={answer} />
        </div>
      )}
    </Page>
  );
};

/** `#/branch` is the signed-in branch head's own branch; `#/branch/<id>` any branch the token may read. */
export const BranchDashboard = ({ branchId }: { branchId: string | null }) => {
  const principal = usePrincipal();
  const id = branchId ?? principal.branchId;
  const pick = principal.role !== 'branch_head';
  return id === null ? <ChooseBranch /> : <BranchView key={id} branchId={id} pick={pick} />;
};
