import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent, messages } from '../i18n';
import { link } from '../router';
import { alertWord } from './alert-words';

const t = messages(
  {
    context: 'Case and client',
    client: 'Client',
    registrationNo: 'Registration number',
    branch: 'Branch',
    tier: 'Tier',
    rating: 'Credit rating',
    classification: 'Loan classification',
    manager: 'Relationship manager',
    case: 'Case',
    severity: 'Severity',
    status: 'Case status',
    opened: 'Opened',
    dueBy: 'Due by',
    overdueLabel: 'Overdue',
    overdue: 'Overdue since {at}',
    onTime: 'Not overdue',
    closed: 'Closed',
    assignee: 'Assignee',
    nobody: 'Nobody yet',
    floor: 'Arrears on {facility} ({days} days past due) require a classification of at least “{floor}”: {met}.',
    floorMet: 'the recorded classification meets it',
    floorNotMet: 'the recorded classification is better than that and should be reviewed',
    facilities: 'Facilities',
    noFacilities: 'No facility.',
    facility: 'Facility',
    limit: 'Limit',
    drawn: 'Drawn',
    utilisation: 'Utilisation',
    daysPastDue: 'Days past due',
    amountOverdue: 'Amount overdue',
    overdueSince: 'Overdue since',
    unknownClient: 'The client is not known to the client view yet.',
    core: 'Core',
    key: 'Key',
    standard: 'Standard',
    basic: 'Basic',
    normal: 'Normal',
    special_mention: 'Special mention',
    substandard: 'Substandard',
    doubtful: 'Doubtful',
    loss: 'Loss',
    open: 'Open',
  },
  {
    context: '案件与客户',
    client: '客户',
    registrationNo: '统一社会信用代码',
    branch: '支行',
    tier: '客户层级',
    rating: '信用评级',
    classification: '贷款五级分类',
    manager: '客户经理',
    case: '案件',
    severity: '严重程度',
    status: '案件状态',
    opened: '立案时间',
    dueBy: '处理期限',
    overdueLabel: '逾期情况',
    overdue: '自 {at} 起逾期',
    onTime: '未逾期',
    closed: '已结案',
    assignee: '负责人',
    nobody: '尚未分配',
    floor: '{facility} 的欠款（逾期 {days} 天）要求五级分类至少为“{floor}”：{met}。',
    floorMet: '当前分类符合要求',
    floorNotMet: '当前分类优于该要求，应予复核',
    facilities: '授信额度',
    noFacilities: '无授信额度。',
    facility: '额度编号',
    limit: '授信额度',
    drawn: '已用金额',
    utilisation: '使用率',
    daysPastDue: '逾期天数',
    amountOverdue: '逾期金额',
    overdueSince: '逾期起始日',
    unknownClient: '客户视图中尚无该客户。',
    core: '核心客户',
    key: '重点客户',
    standard: '标准客户',
    basic: '基础客户',
    normal: '正常',
    special_mention: '关注',
    substandard: '次级',
    doubtful: '可疑',
    loss: '损失',
    open: '处理中',
  },
);

type Facility = Readonly<{
  id: string;
  currency: string | null;
  limit: string | null;
  drawn: string;
  overdueSince: string | null;
  daysPastDue: number;
  amountOverdue: string;
}>;

export type CaseAlert = Readonly<{
  alertId: string;
  ruleId: string;
  severity: string;
  open: boolean;
  status: string | null;
  reason: string | null;
  raisedAt: string | null;
  dueBy: string | null;
}>;

export type RiskCase = Readonly<{
  id: string;
  clientId: string;
  status: 'open' | 'closed';
  severity: string;
  openedAt: string;
  dueBy: string;
  overdue: boolean;
  overdueAt: string | null;
  closedAt: string | null;
  assignee: string | null;
  alerts: readonly CaseAlert[];
  comments: readonly Readonly<{ commentId: string; author: string; body: string; commentedAt: string }>[];
  position: string;
  context: Readonly<{
    legalName: string;
    registrationNo: string;
    branchId: string;
    tier: string | null;
    rating: string | null;
    classification: string | null;
    classificationFloor: Readonly<{ floor: string; facilityId: string; daysPastDue: number; met: boolean }> | null;
    facilities: readonly Facility[];
    manager: Readonly<{ id: string; name: string | null; level: string }> | null;
  }> | null;
}>;

const CODES = [
  'core',
  'key',
  'standard',
  'basic',
  'normal',
  'special_mention',
  'substandard',
  'doubtful',
  'loss',
] as const;

/** A tier or classification code in words, or the code itself when the console does not know it. */
const word = (code: string | null): string =>
  code === null ? '—' : (CODES as readonly string[]).includes(code) ? t(code as (typeof CODES)[number]) : code;

const utilisation = (facility: Facility): string => {
  const limit = Number(facility.limit);
  return facility.limit === null || !(limit > 0) ? '—' : formatPercent(Number(facility.drawn) / limit);
};

const Facilities = ({ facilities }: { facilities: readonly Facility[] }) => {
  if (facilities.length === 0) return <p class="muted">{t('noFacilities')}</p>;
  const header = ['facility', 'limit', 'drawn', 'utilisation', 'daysPastDue', 'amountOverdue', 'overdueSince'] as const;
  return (
    <table data-testid="case-facilities">
      <caption>{t('facilities')}</caption>
      <thead>
        <tr>
          {header.map((key) => (
            <th key={key} scope="col" class={key === 'facility' || key === 'overdueSince' ? undefined : 'number'}>
              {t(key)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {facilities.map((facility) => (
          <tr key={facility.id}>
            <td>{facility.id}</td>
            <td class="number">{formatMoney(facility.limit, facility.currency ?? undefined)}</td>
            <td class="number">{formatMoney(facility.drawn, facility.currency ?? undefined)}</td>
            <td class="number">{utilisation(facility)}</td>
            <td class="number">{formatNumber(facility.daysPastDue)}</td>
            <td class="number">{formatMoney(facility.amountOverdue, facility.currency ?? undefined)}</td>
            <td>{formatDate(facility.overdueSince)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

const Terms = ({ items }: { items: readonly (readonly [string, string])[] }) => (
  <dl class="grid">
    {items.map(([term, value]) => (
      <div key={term}>
        <dt>{term}</dt>
        <dd>{value}</dd>
      </div>
    ))}
  </dl>
);

const caseTerms = (riskCase: RiskCase): (readonly [string, string])[] => [
  [t('severity'), alertWord(riskCase.severity)],
  [t('status'), riskCase.status === 'open' ? t('open') : `${t('closed')} ${formatDateTime(riskCase.closedAt)}`],
  [t('opened'), formatDateTime(riskCase.openedAt)],
  [t('dueBy'), formatDateTime(riskCase.dueBy)],
  [t('overdueLabel'), riskCase.overdue ? t('overdue', { at: formatDateTime(riskCase.overdueAt) }) : t('onTime')],
  [t('assignee'), riskCase.assignee ?? t('nobody')],
];

/** The client's context as the case gives it: who they are, their credit, and what their facilities owe. */
export const ContextBlock = ({ riskCase }: { riskCase: RiskCase }) => {
  const context = riskCase.context;
  const floor = context?.classificationFloor ?? null;
  return (
    <section class="card" aria-labelledby="case-context" data-testid="case-context">
      <h2 id="case-context">{t('context')}</h2>
      <Terms items={caseTerms(riskCase)} />
      {context === null ? (
        <p class="muted">{t('unknownClient')}</p>
      ) : (
        <>
          <p>
            {t('client')}: <a href={link(`/clients/${riskCase.clientId}`)}>{context.legalName}</a>
          </p>
          <Terms
            items={[
              [t('registrationNo'), context.registrationNo],
              [t('branch'), context.branchId],
              [t('tier'), word(context.tier)],
              [t('rating'), context.rating ?? '—'],
              [t('classification'), word(context.classification)],
              [t('manager'), context.manager === null ? '—' : `${context.manager.name ?? ''} (${context.manager.id})`],
            ]}
          />
          {floor !== null && (
            <p class={floor.met ? undefined : 'error'} data-testid="case-floor">
              {t('floor', {
                facility: floor.facilityId,
                days: formatNumber(floor.daysPastDue),
                floor: word(floor.floor),
                met: t(floor.met ? 'floorMet' : 'floorNotMet'),
              })}
            </p>
          )}
          <Facilities facilities={context.facilities} />
        </>
      )}
    </section>
  );
};
