import { useState } from 'preact/hooks';
import { ApiFailure } from '../api';
import { Failure, Loading, Page, TextField } from '../components';
import { useConsole, usePrincipal } from '../console-context';
import { formatDateTime, formatMoney, messages } from '../i18n';
import { link } from '../router';
import { useLoad } from '../use-load';
import { AlertActions } from './alert-actions';
import { alertWord, type Alert } from './alert-words';

const t = messages(
  {
    title: 'Risk case of {client}',
    context: 'Context',
    client: 'Client',
    branch: 'Branch',
    tier: 'Tier',
    rating: 'Rating',
    classification: 'Classification',
    manager: 'Manager',
    status: 'Case status',
    opened: 'Opened',
    dueBy: 'Due by',
    assignee: 'Assignee',
    nobody: 'nobody',
    takeIt: 'Assign to me',
    facilities: 'Facilities',
    alerts: 'Alerts in this case',
    comments: 'Comments',
    noComments: 'No comments yet.',
    comment: 'Comment',
    add: 'Add comment',
  },
  {
    title: '{client} 的风险案件',
    context: '背景信息',
    client: '客户',
    branch: '支行',
    tier: '层级',
    rating: '评级',
    classification: '五级分类',
    manager: '客户经理',
    status: '案件状态',
    opened: '立案时间',
    dueBy: '处理期限',
    assignee: '负责人',
    nobody: '未分配',
    takeIt: '分配给我',
    facilities: '授信额度',
    alerts: '案件中的预警',
    comments: '评论',
    noComments: '尚无评论。',
    comment: '评论',
    add: '添加评论',
  },
);

type CaseAlert = Readonly<{
  alertId: string;
  ruleId: string;
  severity: string;
  status: string;
  reason: string;
  raisedAt: string;
  dueBy: string | null;
  open: boolean;
}>;
type RiskCase = Readonly<{
  id: string;
  clientId: string;
  status: string;
  severity: string;
  openedAt: string;
  dueBy: string | null;
  assignee: string | null;
  alerts: readonly CaseAlert[];
  comments: readonly Readonly<{ commentId: string; author: string; body: string; commentedAt: string }>[];
  position: string;
  context: Readonly<{
    legalName: string;
    branchId: string;
    tier: string;
    rating: string | null;
    classification: string | null;
    facilities: readonly Readonly<{ id: string; limit: string; drawn: string | null; currency: string }>[];
    manager: Readonly<{ id: string; name: string | null }> | null;
  }>;
}>;

const ContextBlock = ({ riskCase }: { riskCase: RiskCase }) => {
  const context = riskCase.context;
  const items: [string, string][] = [
    [t('branch'), context.branchId],
    [t('tier'), context.tier],
    [t('rating'), context.rating ?? '—'],
    [t('classification'), context.classification ?? '—'],
    [t('manager'), context.manager === null ? '—' : `${context.manager.name ?? ''} (${context.manager.id})`],
    [t('status'), alertWord(riskCase.status)],
    [t('opened'), formatDateTime(riskCase.openedAt)],
    [t('dueBy'), formatDateTime(riskCase.dueBy)],
    [t('assignee'), riskCase.assignee ?? t('nobody')],
    [
      t('facilities'),
      context.facilities
        .map((f) => `${f.id}: ${formatMoney(f.drawn, f.currency)} / ${formatMoney(f.limit, f.currency)}`)
        .join('; ') || '—',
    ],
  ];
  return (
    <section class="card" aria-labelledby="case-context" data-testid="case-context">
      <h2 id="case-context">{t('context')}</h2>
      <p>
        {t('client')}: <a href={link(`/clients/${riskCase.clientId}`)}>{context.legalName}</a>
      </p>
      <dl class="grid">
        {items.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
};

const asAlert = (riskCase: RiskCase, alert: CaseAlert): Alert => ({
  id: alert.alertId,
  clientId: riskCase.clientId,
  ruleId: alert.ruleId,
  severity: alert.severity,
  status: alert.status,
  reason: alert.reason,
  raisedAt: alert.raisedAt,
  dueBy: alert.dueBy,
  branchId: riskCase.context.branchId,
  managerId: riskCase.context.manager?.id ?? null,
  position: riskCase.position,
});

const CaseAlerts = ({ riskCase, onDone }: { riskCase: RiskCase; onDone: (position: string) => void }) => (
  <section class="card" aria-labelledby="case-alerts">
    <h2 id="case-alerts">{t('alerts')}</h2>
    <ul>
      {riskCase.alerts.map((alert) => (
        <li key={alert.alertId} data-testid="case-alert">
          <span class={`badge severity-${alert.severity}`}>{alertWord(alert.severity)}</span> {alert.ruleId} ·{' '}
          {alertWord(alert.status)} · {alert.reason}
          {alert.open && <AlertActions alert={asAlert(riskCase, alert)} onDone={onDone} />}
        </li>
      ))}
    </ul>
  </section>
);

const Comments = ({ riskCase, onDone }: { riskCase: RiskCase; onDone: (position: string) => void }) => {
  const { api } = useConsole();
  const [text, setText] = useState('');
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const submit = async (): Promise<void> => {
    try {
      const answer = await api.post<{ position: string }>(
        `/v1/risk-cases/${encodeURIComponent(riskCase.id)}/comments`,
        { text },
      );
      setText('');
      setFailure(null);
      onDone(answer.position);
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      setFailure(error);
    }
  };
  const error = failure?.forField('text') ?? (failure !== null ? failure.message : undefined);
  return (
    <section class="card" aria-labelledby="case-comments">
      <h2 id="case-comments">{t('comments')}</h2>
      {riskCase.comments.length === 0 ? (
        <p class="muted">{t('noComments')}</p>
      ) : (
        <ul data-testid="case-comments">
          {riskCase.comments.map((comment) => (
            <li key={comment.commentId}>
              {comment.body}{' '}
              <span class="muted">
                · {comment.author} · {formatDateTime(comment.commentedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(event) => (event.preventDefault(), void submit())}>
        <TextField id="case-comment" label={t('comment')} error={error} value={text} onValue={setText} rows={2} />
        <button type="submit">{t('add')}</button>
      </form>
    </section>
  );
};

export const RiskCasePage = ({ caseId }: { caseId: string }) => {
  const { api } = useConsole();
  const principal = usePrincipal();
  const [written, setWritten] = useState<string | null>(null);
  const wait = written === null ? '' : `?minPosition=${written}`;
  const loaded = useLoad(
    () => api.get<RiskCase>(`/v1/risk-cases/${encodeURIComponent(caseId)}${wait}`),
    [caseId, wait],
  );
  if (loaded.error !== null) return <Failure error={loaded.error} />;
  const riskCase = loaded.data;
  if (riskCase === null) return <Loading />;
  const takeIt = (): void =>
    void api
      .put<{ position: string }>(`/v1/risk-cases/${encodeURIComponent(caseId)}/assignee`, {
        assignee: principal.userId,
      })
      .then((answer) => setWritten(answer.position));
  return (
    <Page
      title={t('title', { client: riskCase.context.legalName })}
      actions={
        riskCase.assignee !== principal.userId && riskCase.status !== 'closed' ? (
          <button type="button" class="secondary" onClick={takeIt}>
            {t('takeIt')}
          </button>
        ) : undefined
      }
    >
      <ContextBlock riskCase={riskCase} />
      <CaseAlerts riskCase={riskCase} onDone={setWritten} />
      <Comments riskCase={riskCase} onDone={setWritten} />
    </Page>
  );
};
