import { formatDate, formatDateTime, formatMoney, formatNumber, messages } from '../i18n';
import { link } from '../router';
import { alertWord } from './alert-words';
import { levelName } from './portfolio';
import type { RiskFlag } from './client-risk';

const t = messages(
  {
    profile: 'Profile',
    registrationNo: 'Registration number',
    segment: 'Segment',
    industry: 'Industry',
    tier: 'Tier',
    manager: 'Relationship manager',
    phone: 'Phone',
    email: 'E-mail',
    contribution: 'Annual contribution',
    credit: 'Credit',
    rating: 'Internal rating',
    classification: 'Loan classification',
    facility: 'Facility',
    limit: 'Limit',
    drawn: 'Drawn',
    overdue: 'Overdue',
    daysPastDue: 'Days past due',
    noFacilities: 'No credit facilities.',
    products: 'Products',
    product: 'Product',
    category: 'Category',
    amount: 'Amount',
    balance: 'Balance',
    opened: 'Opened',
    noProducts: 'No products held.',
    alerts: 'Open alerts',
    rule: 'Rule',
    severity: 'Severity',
    status: 'Status',
    dueBy: 'Due by',
    noAlerts: 'No open alerts.',
    lastContact: 'Last contact',
    contacts: 'Contacts in all',
    pending: 'Waiting for approval: {change} (proposed by {by})',
  },
  {
    profile: '客户概况',
    registrationNo: '统一社会信用代码',
    segment: '客户细分',
    industry: '行业',
    tier: '客户层级',
    manager: '客户经理',
    phone: '电话',
    email: '电子邮箱',
    contribution: '年度贡献',
    credit: '授信',
    rating: '内部评级',
    classification: '五级分类',
    facility: '额度',
    limit: '授信额度',
    drawn: '已用',
    overdue: '逾期金额',
    daysPastDue: '逾期天数',
    noFacilities: '无授信额度。',
    products: '持有产品',
    product: '产品',
    category: '类别',
    amount: '金额',
    balance: '余额',
    opened: '开立日期',
    noProducts: '未持有产品。',
    alerts: '未结预警',
    rule: '规则',
    severity: '严重程度',
    status: '状态',
    dueBy: '处理期限',
    noAlerts: '无未结预警。',
    lastContact: '最近联系',
    contacts: '联系总次数',
    pending: '待审批：{change}（发起人 {by}）',
  },
);

type Facility = Readonly<{
  id: string;
  limit: string;
  drawn: string | null;
  currency: string;
  daysPastDue: number;
  amountOverdue: string;
}>;
type Product = Readonly<{
  holdingId: string;
  productCode: string;
  category: string;
  amount: string;
  openedAt: string;
  balance?: Readonly<{ amount: string; currency: string; asOf: string }>;
}>;
type OpenAlert = Readonly<{ id: string; ruleId: string; severity: string; status: string; dueBy: string | null }>;

export type ClientView = Readonly<{
  id: string;
  /** The log position the view includes: what a list read after it waits for. */
  position: string;
  legalName: string;
  registrationNo: string | null;
  segment: string | null;
  industry: string | null;
  tier: string | null;
  annualContribution: string | null;
  contact: Readonly<{ phone?: string | null; email?: string | null }> | null;
  manager: Readonly<{ id: string; name: string | null }> | null;
  credit: Readonly<{ rating: string | null; classification: string | null; facilities: readonly Facility[] }> | null;
  pendingCreditChanges?: readonly Readonly<{
    proposalId: string;
    change: Readonly<{ type: string }>;
    proposedBy: string;
  }>[];
  products: readonly Product[] | null;
  openAlerts: readonly OpenAlert[] | null;
  riskFlags: readonly RiskFlag[] | null;
  contacts: Readonly<{ total: number; last: Readonly<{ occurredAt: string }> | null }> | null;
}>;

const Item = ({ term, value, id }: { term: string; value: string; id?: string }) => (
  <div>
    <dt>{term}</dt>
    <dd data-testid={id}>{value || '—'}</dd>
  </div>
);

export const ProfileSection = ({ view }: { view: ClientView }) => (
  <section class="card" aria-labelledby="client-profile">
    <h2 id="client-profile">{t('profile')}</h2>
    <dl class="grid">
      <Item term={t('registrationNo')} value={view.registrationNo ?? ''} />
      <Item term={t('tier')} value={levelName(view.tier)} id="client-tier" />
      <Item term={t('segment')} value={view.segment ?? ''} />
      <Item term={t('industry')} value={view.industry ?? ''} />
      <Item
        term={t('manager')}
        value={view.manager === null ? '' : `${view.manager.name ?? ''} (${view.manager.id})`}
      />
      <Item term={t('phone')} value={view.contact?.phone ?? ''} />
      <Item term={t('email')} value={view.contact?.email ?? ''} />
      <Item term={t('contribution')} value={formatMoney(view.annualContribution)} />
      <Item term={t('lastContact')} value={formatDateTime(view.contacts?.last?.occurredAt)} />
      <Item term={t('contacts')} value={formatNumber(view.contacts?.total ?? 0)} />
    </dl>
  </section>
);

export const CreditSection = ({ view }: { view: ClientView }) => {
  const facilities = view.credit?.facilities ?? [];
  return (
    <section class="card" aria-labelledby="client-credit">
      <h2 id="client-credit">{t('credit')}</h2>
      <dl class="grid">
        <Item term={t('rating')} value={view.credit?.rating ?? ''} />
        <Item term={t('classification')} value={view.credit?.classification ?? ''} />
      </dl>
      {(view.pendingCreditChanges ?? []).length > 0 && (
        <ul data-testid="pending-credit-changes">
          {(view.pendingCreditChanges ?? []).map((pending) => (
            <li key={pending.proposalId}>
              <a href={link(`/approvals?proposal=${encodeURIComponent(pending.proposalId)}`)}>
                {t('pending', { change: pending.change.type, by: pending.proposedBy })}
              </a>
            </li>
          ))}
        </ul>
      )}
      {facilities.length === 0 ? (
        <p class="muted">{t('noFacilities')}</p>
      ) : (
        <table data-testid="client-facilities">
          <thead>
            <tr>
              <th scope="col">{t('facility')}</th>
              <th scope="col" class="number">
                {t('limit')}
              </th>
              <th scope="col" class="number">
                {t('drawn')}
              </th>
              <th scope="col" class="number">
                {t('overdue')}
              </th>
              <th scope="col" class="number">
                {t('daysPastDue')}
              </th>
            </tr>
          </thead>
          <tbody>
            {facilities.map((facility) => (
              <tr key={facility.id}>
                <td>{facility.id}</td>
                <td class="number">{formatMoney(facility.limit, facility.currency)}</td>
                <td class="number">{formatMoney(facility.drawn, facility.currency)}</td>
                <td class="number">{formatMoney(facility.amountOverdue, facility.currency)}</td>
                <td class="number">{formatNumber(facility.daysPastDue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};

export const ProductsSection = ({ view }: { view: ClientView }) => {
  const products = view.products ?? [];
  return (
    <section class="card" aria-labelledby="client-products">
      <h2 id="client-products">{t('products')}</h2>
      {products.length === 0 ? (
        <p class="muted">{t('noProducts')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('product')}</th>
              <th scope="col">{t('category')}</th>
              <th scope="col" class="number">
                {t('amount')}
              </th>
              <th scope="col" class="number">
                {t('balance')}
              </th>
              <th scope="col">{t('opened')}</th>
            </tr>
          </thead>
          <tbody>
            {products.map((product) => (
              <tr key={product.holdingId}>
                <td>{product.productCode}</td>
                <td>{product.category}</td>
                <td class="number">{formatMoney(product.amount)}</td>
                <td class="number">
                  {product.balance === undefined ? '—' : formatMoney(product.balance.amount, product.balance.currency)}
                </td>
                <td>{formatDate(product.openedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};

export const AlertsSection = ({ view }: { view: ClientView }) => {
  const alerts = view.openAlerts ?? [];
  return (
    <section class="card" aria-labelledby="client-alerts">
      <h2 id="client-alerts">{t('alerts')}</h2>
      {alerts.length === 0 ? (
        <p class="muted">{t('noAlerts')}</p>
      ) : (
        <table data-testid="client-alerts">
          <thead>
            <tr>
              <th scope="col">{t('rule')}</th>
              <th scope="col">{t('severity')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('dueBy')}</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((alert) => (
              <tr key={alert.id}>
                <td>{alert.ruleId}</td>
                <td>
                  <span class={`badge severity-${alert.severity}`}>{alertWord(alert.severity)}</span>
                </td>
                <td>{alertWord(alert.status)}</td>
                <td>{formatDateTime(alert.dueBy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};
