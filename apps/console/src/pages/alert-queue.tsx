import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiFailure } from '../api';
import { Failure, Page } from '../components';
import { useConsole } from '../console-context';
import { formatDateTime, messages } from '../i18n';
import { link } from '../router';
import { followFeed, type FeedState } from '../sse';
import { AlertActions } from './alert-actions';
import { alertWord, SEVERITIES, type Alert } from './alert-words';

const t = messages(
  {
    title: 'Alert queue',
    severity: 'Severity',
    rule: 'Rule',
    branch: 'Branch',
    any: 'Any',
    connecting: 'Connecting to the live feed…',
    live: 'Live: new alerts appear here as they are raised.',
    reconnecting: 'Connection lost: reconnecting, then catching up on what was missed…',
    raised: 'Raised',
    client: 'Client',
    reason: 'Reason',
    status: 'Status',
    dueBy: 'Due by',
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
    connecting: '正在连接实时推送…',
    live: '实时：新预警产生时会立即显示在此。',
    reconnecting: '连接中断：正在重新连接并补齐遗漏的预警…',
    raised: '产生时间',
    client: '客户',
    reason: '原因',
    status: '状态',
    dueBy: '处理期限',
    actions: '操作',
    empty: '没有待处理的预警。',
    count: '{count} 条待处理预警',
    countMore: '显示 {count} 条预警，另有更多待处理：请用筛选条件缩小范围。',
  },
);

type Filters = Readonly<{ severity: string; ruleId: string; branchId: string }>;

const query = (filters: Filters): string => {
  const params = new URLSearchParams();
  if (filters.severity !== '') params.set('severity', filters.severity);
  if (filters.ruleId !== '') params.set('ruleId', filters.ruleId);
  return params.toString();
};

const WAITING = 'open,acknowledged,escalated';
const PAGE = 200;
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'];

/**
 * The queue: the waiting alerts read once, then kept current from the alert feed. Each feed event
 * names an alert; the alert is read again so the row shows what the API holds now, and a resolved
 * one leaves the queue.
 */
const useQueue = (filters: Filters) => {
  const { api } = useConsole();
  const [alerts, setAlerts] = useState<ReadonlyMap<string, Alert>>(new Map());
  const [state, setState] = useState<FeedState>('connecting');
  const [error, setError] = useState<Error | null>(null);
  const [more, setMore] = useState(false);
  const refresh = useCallback(
    (alertId: string, minPosition?: string): void => {
      const wait = minPosition === undefined ? '' : `?minPosition=${minPosition}`;
      api.get<Alert>(`/v1/alerts/${encodeURIComponent(alertId)}${wait}`).then(
        (alert) =>
          setAlerts((current) => {
            const next = new Map(current);
            if (alert.status === 'resolved') next.delete(alert.id);
            else next.set(alert.id, alert);
            return next;
          }),
        (failure: unknown) => !(failure instanceof ApiFailure && failure.status === 404) && setError(failure as Error),
      );
    },
    [api],
  );
  useEffect(() => {
    let live = true;
    const readWaiting = (): void => {
      api
        .get<{ items: Alert[]; nextCursor: string | null }>(
          `/v1/alerts?status=${WAITING}&limit=${PAGE}&${query(filters)}`,
        )
        .then(
          (page) => {
            if (!live) return;
            setAlerts(new Map(page.items.map((alert) => [alert.id, alert])));
            setMore(page.nextCursor !== null);
          },
          (failure: unknown) => live && setError(failure as Error),
        );
    };
    // The waiting alerts are read each time the feed is (again) live: a feed that had delivered
    // nothing yet has no Last-Event-ID to resume from, and the read covers what it missed.
    const stop = followFeed(api, `/v1/alerts/stream?${query(filters)}`, {
      onState: (next) => {
        setState(next);
        if (next === 'live' && live) readWaiting();
      },
      onMessage: (message) => {
        const data = JSON.parse(message.data) as { alertId?: string };
        if (live && typeof data.alertId === 'string') refresh(data.alertId);
      },
    });
    return () => {
      live = false;
      stop();
    };
  }, [api, refresh, filters.severity, filters.ruleId]);
  return { alerts, state, error, refresh, more };
};

const FilterBar = ({ filters, onChange }: { filters: Filters; onChange: (next: Filters) => void }) => (
  <div class="toolbar" role="search">
    <div class="field">
      <label for="queue-severity">{t('severity')}</label>
      <select
        id="queue-severity"
        value={filters.severity}
        onChange={(e) => onChange({ ...filters, severity: e.currentTarget.value })}
      >
        <option value="">{t('any')}</option>
        {SEVERITIES.map((code) => (
          <option key={code} value={code}>
            {alertWord(code)}
          </option>
        ))}
      </select>
    </div>
    <div class="field">
      <label for="queue-rule">{t('rule')}</label>
      <input
        id="queue-rule"
        value={filters.ruleId}
        onChange={(e) => onChange({ ...filters, ruleId: e.currentTarget.value.trim() })}
      />
    </div>
    <div class="field">
      <label for="queue-branch">{t('branch')}</label>
      <input
        id="queue-branch"
        value={filters.branchId}
        onChange={(e) => onChange({ ...filters, branchId: e.currentTarget.value.trim() })}
      />
    </div>
  </div>
);

const AlertRow = ({ alert, onDone }: { alert: Alert; onDone: (position: string) => void }) => (
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
      <AlertActions alert={alert} onDone={onDone} />
    </td>
  </tr>
);

export const AlertQueue = () => {
  const [filters, setFilters] = useState<Filters>({ severity: '', ruleId: '', branchId: '' });
  const queue = useQueue(filters);
  const shown = useMemo(
    () =>
      [...queue.alerts.values()]
        .filter((alert) => filters.branchId === '' || alert.branchId === filters.branchId)
        // The most severe first, then the newest: what an officer takes next is at the top.
        .sort(
          (a, b) =>
            SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
            b.raisedAt.localeCompare(a.raisedAt),
        ),
    [queue.alerts, filters.branchId],
  );
  const header = [
    t('raised'),
    t('severity'),
    t('rule'),
    t('client'),
    t('reason'),
    t('status'),
    t('dueBy'),
    t('actions'),
  ];
  return (
    <Page title={t('title')}>
      <FilterBar filters={filters} onChange={setFilters} />
      <p
        role="status"
        aria-live="polite"
        data-testid="feed-state"
        data-state={queue.state}
        class={queue.state === 'live' ? 'muted' : 'error'}
      >
        {t(queue.state)}
      </p>
      {queue.error !== null && <Failure error={queue.error} />}
      <p class="muted">{t(queue.more ? 'countMore' : 'count', { count: shown.length })}</p>
      {shown.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <table data-testid="alert-queue">
          <thead>
            <tr>
              {header.map((label) => (
                <th key={label} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((alert) => (
              <AlertRow key={alert.id} alert={alert} onDone={(position) => queue.refresh(alert.id, position)} />
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
};
