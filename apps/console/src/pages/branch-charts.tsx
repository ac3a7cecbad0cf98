import { Failure, Loading } from '../components';
import { formatNumber, formatPercent, messages } from '../i18n';
import { alertWord, SEVERITIES } from './alert-words';
import { BarChart } from './chart-bars';
import { ParetoChart } from './chart-pareto';
import { QuarterChart } from './chart-quarters';
import { levelName } from './portfolio';

const t = messages(
  {
    byTier: 'Clients by tier',
    tier: 'Tier',
    clients: 'Clients',
    pareto: 'Contribution: the 80/20 curve',
    paretoNone: 'No client has reported a contribution yet.',
    topFifth: 'Top 20 % of clients',
    rest: 'Other 80 % of clients',
    share: 'Share of contribution',
    above: 'More concentrated than 80/20: the branch depends on its largest clients.',
    below: 'Less concentrated than 80/20.',
    at: 'Exactly 80/20.',
    npsTitle: 'NPS by quarter',
    quarter: 'Quarter',
    nps: 'NPS',
    answers: 'Answers',
    verdict: 'Against target {target}',
    target: 'Target {target}',
    noTarget: 'no target',
    noAnswers: 'No answers',
    onTarget: 'On target',
    onTargetSoFar: 'On target so far',
    belowTarget: 'Below target',
    missed: 'Below target (alert raised)',
    quarterName: '{year} Q{n}',
    quarterShort: 'Q{n}',
    alerts: 'Open alerts by severity',
    severity: 'Severity',
    count: 'Open alerts',
  },
  {
    byTier: '各层级客户数',
    tier: '客户层级',
    clients: '客户数',
    pareto: '贡献度：二八曲线',
    paretoNone: '尚无客户填报贡献度。',
    topFifth: '前 20% 的客户',
    rest: '其余 80% 的客户',
    share: '贡献占比',
    above: '集中度高于二八法则：支行依赖少数大客户。',
    below: '集中度低于二八法则。',
    at: '恰好符合二八法则。',
    npsTitle: '各季度净推荐值',
    quarter: '季度',
    nps: '净推荐值',
    answers: '答卷数',
    verdict: '对照目标 {target}',
    target: '目标 {target}',
    noTarget: '未设目标',
    noAnswers: '无答卷',
    onTarget: '达标',
    onTargetSoFar: '目前达标',
    belowTarget: '未达标',
    missed: '未达标（已发预警）',
    quarterName: '{year}年第{n}季度',
    quarterShort: 'Q{n}',
    alerts: '各严重程度的未结预警',
    severity: '严重程度',
    count: '未结预警数',
  },
);

export const DASHBOARD_TIERS = ['core', 'key', 'standard', 'basic'] as const;

export type Dashboard = Readonly<{
  branchId: string;
  clients: number;
  prospects: number;
  conversionRate: number | null;
  clientsByTier: Readonly<Record<string, number>>;
  paretoTop20Share: number | null;
  coreCoverage: number | null;
  coreClientsWithJuniorManager: number;
  productsPerClient: number | null;
  nps: number | null;
  openAlertsBySeverity: Readonly<Record<string, number>>;
  balances: readonly Readonly<{ currency: string; aum: string; loansOutstanding: string; totalLimits: string }>[];
  pipeline: Readonly<{
    open: number;
    byStage: readonly Readonly<{
      stage: string;
      count: number;
      totals: readonly Readonly<{ currency: string; amount: string }>[];
    }>[];
    since: string;
    won: number;
    lost: number;
    winRate: number | null;
  }>;
}>;

export type Quarter = Readonly<{
  quarter: string;
  ended: boolean;
  nps: number | null;
  responses: number;
  belowTarget: boolean;
  missed: unknown;
}>;
export type Satisfaction = Readonly<{
  year: number;
  target: Readonly<{ nps: number }> | null;
  quarters: readonly Quarter[];
}>;

export const TierChart = ({ dashboard }: { dashboard: Dashboard }) => (
  <section class="card" aria-labelledby="chart-tiers-title">
    <h2 id="chart-tiers-title">{t('byTier')}</h2>
    <BarChart
      title={t('byTier')}
      testId="chart-tiers"
      head={[t('tier'), t('clients')]}
      bars={DASHBOARD_TIERS.map((tier) => ({
        key: tier,
        label: levelName(tier),
        value: dashboard.clientsByTier[tier] ?? 0,
      }))}
    />
  </section>
);

export const AlertChart = ({ dashboard }: { dashboard: Dashboard }) => (
  <section class="card" aria-labelledby="chart-alerts-title">
    <h2 id="chart-alerts-title">{t('alerts')}</h2>
    <BarChart
      title={t('alerts')}
      testId="chart-alerts"
      head={[t('severity'), t('count')]}
      bars={SEVERITIES.map((severity) => ({
        key: severity,
        label: alertWord(severity),
        value: dashboard.openAlertsBySeverity[severity] ?? 0,
        tone: `severity-${severity}`,
      }))}
    />
  </section>
);

export const ParetoSection = ({ share }: { share: number | null }) => (
  <section class="card" aria-labelledby="chart-pareto-title">
    <h2 id="chart-pareto-title">{t('pareto')}</h2>
    {share === null ? (
      <p class="muted" data-testid="pareto-none">
        {t('paretoNone')}
      </p>
    ) : (
      <>
        <ParetoChart title={t('pareto')} share={share} />
        <table class="chart-figures" data-testid="chart-pareto">
          <thead>
            <tr>
              <th scope="col">{t('clients')}</th>
              <th scope="col" class="number">
                {t('share')}
              </th>
            </tr>
          </thead>
          <tbody>
            <tr data-key="top20">
              <th scope="row">{t('topFifth')}</th>
              <td class="number">{formatPercent(share)}</td>
            </tr>
            <tr data-key="rest">
              <th scope="row">{t('rest')}</th>
              <td class="number">{formatPercent(1 - share)}</td>
            </tr>
          </tbody>
        </table>
        <p>{share > 0.8 ? t('above') : share < 0.8 ? t('below') : t('at')}</p>
      </>
    )}
  </section>
);

const quarterParts = (quarter: string): { year: string; n: string } => {
  const [year = quarter, n = ''] = quarter.split('-Q');
  return { year, n };
};

const verdictOf = (quarter: Quarter): string => {
  if (quarter.missed !== null) return t('missed');
  if (quarter.belowTarget) return t('belowTarget');
  if (quarter.nps === null) return t('noAnswers');
  return quarter.ended ? t('onTarget') : t('onTargetSoFar');
};

const QuarterTable = ({ quarters, target }: { quarters: readonly Quarter[]; target: string }) => (
  <table class="chart-figures" data-testid="chart-nps">
    <thead>
      <tr>
        <th scope="col">{t('quarter')}</th>
        <th scope="col" class="number">
          {t('nps')}
        </th>
        <th scope="col" class="number">
          {t('answers')}
        </th>
        <th scope="col">{t('verdict', { target })}</th>
      </tr>
    </thead>
    <tbody>
      {quarters.map((quarter) => (
        <tr key={quarter.quarter} data-key={quarter.quarter}>
          <th scope="row">{t('quarterName', quarterParts(quarter.quarter))}</th>
          <td class="number">{formatNumber(quarter.nps)}</td>
          <td class="number">{formatNumber(quarter.responses)}</td>
          <td>{verdictOf(quarter)}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** NPS over the quarters given (last year's and this year's so far), against the branch's target. */
export const NpsSection = ({
  quarters,
  target,
  error,
}: {
  quarters: readonly Quarter[] | null;
  target: number | null;
  error: Error | null;
}) => {
  const targetText = target === null ? t('noTarget') : formatNumber(target);
  return (
    <section class="card" aria-labelledby="chart-nps-title">
      <h2 id="chart-nps-title">{t('npsTitle')}</h2>
      {error !== null ? (
        <Failure error={error} />
      ) : quarters === null ? (
        <Loading />
      ) : (
        <figure class="chart">
          <QuarterChart
            title={t('npsTitle')}
            target={target}
            targetLabel={t('target', { target: targetText })}
            scores={quarters.map((quarter) => {
              const { year, n } = quarterParts(quarter.quarter);
              return {
                key: quarter.quarter,
                quarter: t('quarterShort', { n }),
                year,
                value: quarter.nps,
                shown: formatNumber(quarter.nps),
              };
            })}
          />
          <QuarterTable quarters={quarters} target={targetText} />
        </figure>
      )}
    </section>
  );
};
