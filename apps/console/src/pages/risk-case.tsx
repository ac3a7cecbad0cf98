import { useState } from 'preact/hooks';
import { Failure, Loading, Page } from '../components';
import { useConsole } from '../console-context';
import { formatDateTime, messages } from '../i18n';
import { useLoad } from '../use-load';
import { AlertActions } from './alert-actions';
import { alertWord, type Alert } from './alert-words';
import { ContextBlock, type CaseAlert, type RiskCase } from './risk-case-context';
import { Assignment, Comments } from './risk-case-forms';

const t = messages(
  {
    title: 'Risk case: {client}',
    alerts: 'Alerts in this case',
    alert: 'Alert',
    severity: 'Severity',
    status: 'Status',
    reason: 'Reason',
    raised: 'Raised',
    actions: 'Actions',
    resolveHint: 'The case closes when its last alert is resolved.',
    pending: 'Not read yet',
  },
  {
    title: '风险案件：{client}',
    alerts: '案件中的预警',
    alert: '预警',
    severity: '严重程度',
    status: '状态',
    reason: '原因',
    raised: '产生时间',
    actions: '操作',
    resolveHint: '案件中的最后一条预警解决后，案件即结案。',
    pending: '尚未读取',
  },
);

/** A case's alert as the alert actions take it (they need only its id, rule, severity and status). */
const asAlert = (riskCase: RiskCase, alert: CaseAlert): Alert => ({
  id: alert.alertId,
  clientId: riskCase.clientId,
  ruleId: alert.ruleId,
  severity: alert.severity,
  status: alert.status ?? 'open',
  reason: alert.reason ?? '',
  raisedAt: alert.raisedAt ?? riskCase.openedAt,
  dueBy: alert.dueBy,
  branchId: riskCase.context?.branchId ?? null,
  managerId: riskCase.context?.manager?.id ?? null,
  position: riskCase.position,
});

const CaseAlerts = ({ riskCase, onDone }: { riskCase: RiskCase; onDone: (position: string) => void }) => (
  <section class="card" aria-labelledby="case-alerts">
    <h2 id="case-alerts">{t('alerts')}</h2>
    <p class="muted">{t('resolveHint')}</p>
    <table data-testid="case-alerts">
      <thead>
        <tr>
          {(['alert', 'severity', 'status', 'reason', 'raised', 'actions'] as const).map((key) => (
            <th key={key} scope="col">
              {t(key)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {riskCase.alerts.map((alert) => (
          <tr key={alert.alertId} data-alert-id={alert.alertId}>
            <td>{alert.ruleId}</td>
            <td>
              <span class={`badge severity-${alert.severity}`}>{alertWord(alert.severity)}</span>
            </td>
            <td>{alert.status === null ? t('pending') : alertWord(alert.status)}</td>
            <td>{alert.reason ?? '—'}</td>
            <td>{formatDateTime(alert.raisedAt)}</td>
            <td>{alert.open && <AlertActions alert={asAlert(riskCase, alert)} onDone={onDone} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </section>
);

/** One risk case: the client's context, its alerts (resolved here), who works it, and the officers' comments. */
export const RiskCasePage = ({ caseId }: { caseId: string }) => {
  const { api } = useConsole();
  const [written, setWritten] = useState<string | null>(null);
  const wait = written === null ? '' : `?minPosition=${encodeURIComponent(written)}`;
  const loaded = useLoad(
    () => api.get<RiskCase>(`/v1/risk-cases/${encodeURIComponent(caseId)}${wait}`),
    [caseId, wait],
  );
  if (loaded.error !== null) return <Failure error={loaded.error} />;
  const riskCase = loaded.data;
  if (riskCase === null) return <Loading />;
  return (
    <Page title={t('title', { client: riskCase.context?.legalName ?? riskCase.clientId })}>
      <div data-testid="risk-case">
        <ContextBlock riskCase={riskCase} />
        <CaseAlerts riskCase={riskCase} onDone={setWritten} />
        <Assignment key={riskCase.assignee ?? ''} riskCase={riskCase} onDone={setWritten} />
        <Comments riskCase={riskCase} onDone={setWritten} />
      </div>
    </Page>
  );
};
