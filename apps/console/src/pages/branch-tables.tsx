import { formatDate, formatMoney, formatNumber, formatPercent, messages } from '../i18n';
import type { Dashboard } from './branch-charts';

const t = messages(
  {
    balances: 'Balances of the branch’s clients',
    noBalances: 'No balances yet.',
    currency: 'Currency',
    aum: 'Assets under management',
    loans: 'Loans outstanding',
    limits: 'Total limits',
    pipeline: 'Sales pipeline',
    stage: 'Stage',
    opportunities: 'Open opportunities',
    expected: 'Expected amounts',
    open: 'Open opportunities',
    won: 'Won since {since}',
    lost: 'Lost since {since}',
    winRate: 'Win rate',
    lead: 'Lead',
    qualified: 'Qualified',
    proposal: 'Proposal',
    negotiation: 'Negotiation',
  },
  {
    balances: '本支行客户余额',
    noBalances: '暂无余额。',
    currency: '币种',
    aum: '管理资产',
    loans: '贷款余额',
    limits: '授信总额',
    pipeline: '营销商机',
    stage: '阶段',
    opportunities: '进行中的商机',
    expected: '预计金额',
    open: '进行中的商机',
    won: '{since} 以来赢单',
    lost: '{since} 以来丢单',
    winRate: '赢单率',
    lead: '线索',
    qualified: '已确认需求',
    proposal: '方案',
    negotiation: '谈判',
  },
);

const STAGES: ReadonlySet<string> = new Set(['lead', 'qualified', 'proposal', 'negotiation']);
const stageName = (stage: string): string =>
  STAGES.has(stage) ? t(stage as 'lead' | 'qualified' | 'proposal' | 'negotiation') : stage;

/** One headline figure; its test id's text is exactly the formatted value. */
export const Figure = ({ label, value, id }: { label: string; value: string; id: string }) => (
  <div class="card">
    <dt>{label}</dt>
    <dd class="figure" data-testid={`figure-${id}`}>
      {value}
    </dd>
  </div>
);

export const Balances = ({ dashboard }: { dashboard: Dashboard }) => (
  <section class="card" aria-labelledby="branch-balances-title">
    <h2 id="branch-balances-title">{t('balances')}</h2>
    {dashboard.balances.length === 0 ? (
      <p class="muted">{t('noBalances')}</p>
    ) : (
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
            <tr key={row.currency} data-key={row.currency}>
              <th scope="row">{row.currency}</th>
              <td class="number">{formatMoney(row.aum, row.currency)}</td>
              <td class="number">{formatMoney(row.loansOutstanding, row.currency)}</td>
              <td class="number">{formatMoney(row.totalLimits, row.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </section>
);

export const Pipeline = ({ dashboard }: { dashboard: Dashboard }) => {
  const { pipeline } = dashboard;
  const since = formatDate(pipeline.since);
  return (
    <section class="card" aria-labelledby="branch-pipeline-title">
      <h2 id="branch-pipeline-title">{t('pipeline')}</h2>
      <dl class="grid">
        <Figure label={t('open')} value={formatNumber(pipeline.open)} id="pipeline-open" />
        <Figure label={t('won', { since })} value={formatNumber(pipeline.won)} id="pipeline-won" />
        <Figure label={t('lost', { since })} value={formatNumber(pipeline.lost)} id="pipeline-lost" />
        <Figure label={t('winRate')} value={formatPercent(pipeline.winRate)} id="win-rate" />
      </dl>
      <table data-testid="branch-pipeline">
        <thead>
          <tr>
            <th scope="col">{t('stage')}</th>
            <th scope="col" class="number">
              {t('opportunities')}
            </th>
            <th scope="col" class="number">
              {t('expected')}
            </th>
          </tr>
        </thead>
        <tbody>
          {pipeline.byStage.map((row) => (
            <tr key={row.stage} data-key={row.stage}>
              <th scope="row">{stageName(row.stage)}</th>
              <td class="number">{formatNumber(row.count)}</td>
              <td class="number">
                {row.totals.length === 0
                  ? '—'
                  : row.totals.map((total) => formatMoney(total.amount, total.currency)).join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
};
