import { Failure, Loading } from '../components';
import { useConsole } from '../console-context';
import { formatDateTime, formatNumber, messages } from '../i18n';
import { link } from '../router';
import { useLoad } from '../use-load';
import { alertWord } from './alert-words';

const t = messages(
  {
    title: 'Risk cases and risk signals',
    cases: 'Open risk cases',
    noCases: 'No open risk case.',
    caseId: 'Case',
    severity: 'Severity',
    openedAt: 'Opened',
    dueBy: 'Due by',
    alerts: 'Open alerts',
    assignee: 'Risk officer',
    unassigned: 'unassigned',
    overdue: 'overdue',
    flags: 'Risk signals',
    noFlags: 'No risk signal raised.',
    flagType: 'Signal',
    raisedAt: 'Raised',
    litigation: 'Litigation',
    management_change: 'Management change',
    negative_news: 'Negative news',
    covenant_breach: 'Covenant breach',
    account_outflow: 'Account outflow',
    tax_arrears: 'Tax arrears',
    fraud_suspicion: 'Suspected fraud',
    other: 'Other',
  },
  {
    title: '风险案件与风险信号',
    cases: '未结风险案件',
    noCases: '无未结风险案件。',
    caseId: '案件',
    severity: '严重程度',
    openedAt: '立案时间',
    dueBy: '处理期限',
    alerts: '未结预警',
    assignee: '风险经理',
    unassigned: '未分配',
    overdue: '已超期',
    flags: '风险信号',
    noFlags: '无风险信号。',
    flagType: '信号',
    raisedAt: '标记时间',
    litigation: '涉诉',
    management_change: '高管变动',
    negative_news: '负面舆情',
    covenant_breach: '违反约定条款',
    account_outflow: '资金异常流出',
    tax_arrears: '欠税',
    fraud_suspicion: '涉嫌欺诈',
    other: '其他',
  },
);

const FLAG_TYPES = [
  'litigation',
  'management_change',
  'negative_news',
  'covenant_breach',
  'account_outflow',
  'tax_arrears',
  'fraud_suspicion',
  'other',
] as const;

const flagName = (type: string): string =>
  (FLAG_TYPES as readonly string[]).includes(type) ? t(type as (typeof FLAG_TYPES)[number]) : type;

export type RiskFlag = Readonly<{ id: string; type: string; severity: string; raisedAt: string }>;
type RiskCase = Readonly<{
  id: string;
  clientId: string;
  severity: string;
  openedAt: string;
  dueBy: string;
  overdue: boolean;
  assignee: string | null;
  openAlerts: number;
}>;

const Flags = ({ flags }: { flags: readonly RiskFlag[] }) =>
  flags.length === 0 ? (
    <p class="muted">{t('noFlags')}</p>
  ) : (
    <table data-testid="client-risk-flags">
      <caption>{t('flags')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('flagType')}</th>
          <th scope="col">{t('severity')}</th>
          <th scope="col">{t('raisedAt')}</th>
        </tr>
      </thead>
      <tbody>
        {flags.map((flag) => (
          <tr key={flag.id}>
            <td>{flagName(flag.type)}</td>
            <td>
              <span class={`badge severity-${flag.severity}`}>{alertWord(flag.severity)}</span>
            </td>
            <td>{formatDateTime(flag.raisedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );

const Cases = ({ cases }: { cases: readonly RiskCase[] }) =>
  cases.length === 0 ? (
    <p class="muted">{t('noCases')}</p>
  ) : (
    <table data-testid="client-risk-cases">
      <caption>{t('cases')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('caseId')}</th>
          <th scope="col">{t('severity')}</th>
          <th scope="col">{t('openedAt')}</th>
          <th scope="col">{t('dueBy')}</th>
          <th scope="col" class="number">
            {t('alerts')}
          </th>
          <th scope="col">{t('assignee')}</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((found) => (
          <tr key={found.id}>
            <td>
              <a href={link(`/cases/${found.id}`)}>{found.id}</a>
            </td>
            <td>
              <span class={`badge severity-${found.severity}`}>{alertWord(found.severity)}</span>
            </td>
            <td>{formatDateTime(found.openedAt)}</td>
            <td>
              {formatDateTime(found.dueBy)} {found.overdue && <strong class="error">{t('overdue')}</strong>}
            </td>
            <td class="number">{formatNumber(found.openAlerts)}</td>
            <td>{found.assignee ?? t('unassigned')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );

/**
 * The client's open cases come from the caller's case list, kept to this client: the list route
 * has no client filter, and a manager's list holds only their own clients' cases anyway. Cases are
 * only read now: a view as of a past date (`live` false) shows its flags alone.
 */
export const RiskSection = (props: {
  clientId: string;
  flags: readonly RiskFlag[];
  live: boolean;
  viewPosition: string;
}) => {
  const { api } = useConsole();
  const loaded = useLoad(
    () => (props.live ? api.get<{ items: RiskCase[] }>('/v1/risk-cases?status=open&limit=200') : Promise.resolve(null)),
    [props.live, props.viewPosition],
  );
  const cases = loaded.data?.items.filter((found) => found.clientId === props.clientId);
  return (
    <section class="card" aria-labelledby="client-risk">
      <h2 id="client-risk">{t('title')}</h2>
      {loaded.error !== null ? <Failure error={loaded.error} /> : props.live && cases === undefined && <Loading />}
      {cases !== undefined && <Cases cases={cases} />}
      <Flags flags={props.flags} />
    </section>
  );
};
