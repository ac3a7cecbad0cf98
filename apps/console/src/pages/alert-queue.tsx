import { useMemo, useState } from 'preact/hooks';
import { ApiFailure } from '../api';
import { describedBy, Failure, Field, Loading, Page, TextField } from '../components';
import { formatDateTime, messages } from '../i18n';
import { link } from '../router';
import { AlertActions } from './alert-actions';
import { useQueue, type Filters } from './alert-feed';
import { alertWord, SEVERITIES, type Alert } from './alert-words';

const t = messages(
  {
    title: 'Alert queue',
    severity: 'Severity',
    rule: 'Rule',
    branch: 'Branch',
    any: 'Any',
    apply: 'Apply filters',
    connecting: 'Connecting to the live feed…',
    live: 'Live: new alerts appear here as they are raised.',
    reconnecting: 'Connection lost: reconnecting, then catching up on what was missed…',
    raised: 'Raised',
    client: 'Client',
    reason: 'Reason',
    status: 'Status',
    dueBy: 'Due by',
    riskCase: 'Risk case',
    openCase: 'Open case',
    actions: 'Actions',
    empty: 'No alert is waiting.',
    count: '{count} alerts waiting',
    countMore: '{count} alerts shown; more are waiting: narrow the queue with the filters.',
  },
  {
    title: '预警队列',
    severity: '严重程度',
    rule: '规则',
    branch: '支行',
    any: '全部',
    apply: '应用筛选',
    connecting: '正在连接实时推送…',
    live: '实时：新预警产生时会立即显示在此。',
    reconnecting: '连接中断：正在重新连接并补齐遗漏的预警…',
    raised: '产生时间',
    client: '客户',
    reason: '原因',
    status: '状态',
    dueBy: '处理期限',
    riskCase: '风险案件',
    openCase: '查看案件',
    actions: '操作',
    empty: '没有待处理的预警。',
    count: '{count} 条待处理预警',
    countMore: '显示 {count} 条预警，另有更多待处理：请用筛选条件缩小范围。',
  },
);

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'];

/**
 * The filters: a severity applies at once, a rule or branch typed in applies with the form (Enter or
 * the button), so the feed is not subscribed again at every keystroke.
 */
const FilterBar = ({
  filters,
  onChange,
  failure,
}: {
  filters: Filters;
  onChange: (next: Filters) => void;
  failure: Error | null;
}) => {
  const [ruleId, setRuleId] = useState(filters.ruleId);
  const [branchId, setBranchId] = useState(filters.branchId);
  const error = (field: string): string | undefined =>
    failure instanceof ApiFailure ? failure.forField(field) : undefined;
  const apply = (severity: string): void => onChange({ severity, ruleId: ruleId.trim(), branchId: branchId.trim() });
  return (
    <form class="toolbar" role="search" onSubmit={(event) => (event.preventDefault(), apply(filters.severity))}>
      <Field id="queue-severity" label={t('severity')} error={error('severity')}>
        <select
          {...describedBy('queue-severity', error('severity'))}
          value={filters.severity}
          onChange={(e) => apply(e.currentTarget.value)}
        >
          <option value="">{t('any')}</option>
          {SEVERITIES.map((code) => (
            <option key={code} value={code}>
              {alertWord(code)}
            </option>
          ))}
        </select>
      </Field>
      <TextField id="queue-rule" label={t('rule')} error={error('ruleId')} value={ruleId} onValue={setRuleId} />
      <TextField
        id="queue-branch"
        label={t('branch')}
        error={error('branchId')}
        value={branchId}
        onValue={setBranchId}
      />
      <button type="submit" class="secondary">
        {t('apply')}
      </button>
    </form>
  );
};

const AlertRow = ({
  alert,
  caseId,
  onDone,
}: {
  alert: Alert;
  caseId: string | undefined;
  onDone: (position: string) => void;
}) => (
  <tr data-alert-id={alert.id}>
    <td>{formatDateTime(alert.raisedAt)}</td>
    <td>
      <span class={`badge severity-${alert.severity}`}>{alertWord(alert.severity)}</span>
    </td>
    <td>{alert.ruleId}</td>
    <td>
      <a href={link(`/clients/${alert.clientId}`)}>{alert.clientId}</a>
    </td>
    <td>{alert.reason}</td>
    <td data-testid="alert-status">{alertWord(alert.status)}</td>
    <td>{formatDateTime(alert.dueBy)}</td>
    <td>
      {caseId === undefined ? (
        <span class="muted">—</span>
      ) : (
        <a href={link(`/cases/${caseId}`)} data-testid="case-link">
          {t('openCase')}
        </a>
      )}
    </td>
    <td>
      <AlertActions alert={alert} onDone={onDone} />
    </td>
  </tr>
);

const HEADER = ['raised', 'severity', 'rule', 'client', 'reason', 'status', 'dueBy', 'riskCase', 'actions'] as const;

const QueueTable = ({ alerts, queue }: { alerts: readonly Alert[]; queue: ReturnType<typeof useQueue> }) => (
  <table data-testid="alert-queue">
    <thead>
      <tr>
        {HEADER.map((key) => (
          <th key={key} scope="col">
            {t(key)}
          </th>
        ))}
      </tr>
    </thead>
    <tbody>
      {alerts.map((alert) => (
        <AlertRow
          key={alert.id}
          alert={alert}
          caseId={queue.cases.get(alert.clientId)}
          onDone={(position) => queue.refresh(alert.id, position)}
        />
      ))}
    </tbody>
  </table>
);

/** The most severe first, then the newest: what an officer takes next is at the top. */
const byUrgency = (a: Alert, b: Alert): number =>
  SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || b.raisedAt.localeCompare(a.raisedAt);

export const AlertQueue = () => {
  const [filters, setFilters] = useState<Filters>({ severity: '', ruleId: '', branchId: '' });
  const queue = useQueue(filters);
  const shown = useMemo(() => (queue.alerts === null ? null : [...queue.alerts].sort(byUrgency)), [queue.alerts]);
  return (
    <Page title={t('title')}>
      <FilterBar filters={filters} onChange={setFilters} failure={queue.error} />
      <p
        role="status"
        aria-live="polite"
        data-testid="feed-state"
        data-state={queue.state}
        class={queue.state === 'reconnecting' ? 'error' : 'muted'}
      >
        {t(queue.state)}
      </p>
      {queue.error !== null && !(queue.error instanceof ApiFailure && queue.error.errors.length > 0) && (
        <Failure error={queue.error} />
      )}
      {shown === null ? (
        queue.error === null && <Loading />
      ) : (
        <>
          <p class="muted" data-testid="queue-count">
            {t(queue.more ? 'countMore' : 'count', { count: shown.length })}
          </p>
          {shown.length === 0 ? <p>{t('empty')}</p> : <QueueTable alerts={shown} queue={queue} />}
        </>
      )}
    </Page>
  );
};
