import { useState } from 'preact/hooks';
import { type ApiFailure } from '../api';
import { describedBy, Field, TextField } from '../components';
import { useConsole } from '../console-context';
import { messages } from '../i18n';
import { useWrite } from '../use-write';
import { alertWord, OUTCOMES, SEVERITIES, type Alert } from './alert-words';

const t = messages(
  {
    acknowledge: 'Acknowledge',
    escalate: 'Escalate…',
    escalateTitle: 'Escalate {alert}',
    to: 'Hand on to',
    newSeverity: 'New severity',
    unchanged: 'Unchanged',
    reason: 'Reason',
    confirmEscalate: 'Escalate',
    resolve: 'Resolve…',
    resolveTitle: 'Resolve {alert}',
    outcome: 'Outcome',
    note: 'Note',
    confirm: 'Resolve',
    cancel: 'Cancel',
    fourEyes:
      'A high or critical alert can be resolved as a false positive only by someone other than the client’s manager.',
  },
  {
    acknowledge: '确认',
    escalate: '升级…',
    escalateTitle: '升级 {alert}',
    to: '移交至',
    newSeverity: '新的严重程度',
    unchanged: '不变',
    reason: '原因',
    confirmEscalate: '升级',
    resolve: '解决…',
    resolveTitle: '解决 {alert}',
    outcome: '处理结果',
    note: '说明',
    confirm: '解决',
    cancel: '取消',
    fourEyes: '高或严重级别的预警只能由客户经理以外的人员认定为误报（双人复核）。',
  },
);

type Done = (position: string) => void;
type Send = (path: string, body: unknown) => Promise<boolean>;
type FormProps = Readonly<{
  alert: Alert;
  prefix: string;
  send: Send;
  failure: ApiFailure | null;
  onClose: () => void;
}>;

/** One alert command at a time: its failure kept for the form to show, `onDone` told the position of a success. */
const useCommand = (onDone: Done) => {
  const { api } = useConsole();
  const { failure, write, clear } = useWrite(onDone);
  const send: Send = (path, body) => write(() => api.post<{ position: string }>(path, body));
  return { failure, send, clear };
};

const EscalateForm = ({ alert, prefix, send, failure, onClose }: FormProps) => {
  const [to, setTo] = useState('credit_committee');
  const [severity, setSeverity] = useState('');
  const [reason, setReason] = useState('');
  const error = (field: string): string | undefined => failure?.forField(field);
  const higher = SEVERITIES.slice(SEVERITIES.indexOf(alert.severity as (typeof SEVERITIES)[number]) + 1);
  const submit = async (): Promise<void> => {
    const body = severity === '' ? { to, reason } : { to, reason, severity };
    if (await send(`/v1/alerts/${encodeURIComponent(alert.id)}/escalation`, body)) onClose();
  };
  return (
    <form
      aria-label={t('escalateTitle', { alert: alert.ruleId })}
      onSubmit={(event) => (event.preventDefault(), void submit())}
    >
      <TextField id={`${prefix}-to`} label={t('to')} error={error('to')} value={to} onValue={setTo} />
      <Field id={`${prefix}-severity`} label={t('newSeverity')} error={error('severity')}>
        <select
          {...describedBy(`${prefix}-severity`, error('severity'))}
          value={severity}
          onChange={(e) => setSeverity(e.currentTarget.value)}
        >
          <option value="">{t('unchanged')}</option>
          {higher.map((code) => (
            <option key={code} value={code}>
              {alertWord(code)}
            </option>
          ))}
        </select>
      </Field>
      <TextField
        id={`${prefix}-reason`}
        label={t('reason')}
        error={error('reason')}
        value={reason}
        onValue={setReason}
        rows={2}
      />
      <button type="submit">{t('confirmEscalate')}</button>{' '}
      <button type="button" class="secondary" onClick={onClose}>
        {t('cancel')}
      </button>
    </form>
  );
};

const ResolveForm = ({ alert, prefix, send, failure, onClose }: FormProps) => {
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('actioned');
  const [note, setNote] = useState('');
  const error = (field: string): string | undefined => failure?.forField(field);
  const submit = async (): Promise<void> => {
    if (await send(`/v1/alerts/${encodeURIComponent(alert.id)}/resolution`, { outcome, note })) onClose();
  };
  return (
    <form
      aria-label={t('resolveTitle', { alert: alert.ruleId })}
      onSubmit={(event) => (event.preventDefault(), void submit())}
    >
      <Field id={`${prefix}-outcome`} label={t('outcome')} error={error('outcome')}>
        <select
          {...describedBy(`${prefix}-outcome`, error('outcome'))}
          value={outcome}
          onChange={(e) => setOutcome(e.currentTarget.value as (typeof OUTCOMES)[number])}
        >
          {OUTCOMES.map((code) => (
            <option key={code} value={code}>
              {alertWord(code)}
            </option>
          ))}
        </select>
      </Field>
      <TextField
        id={`${prefix}-note`}
        label={t('note')}
        error={error('note')}
        value={note}
        onValue={setNote}
        rows={2}
      />
      <button type="submit">{t('confirm')}</button>{' '}
      <button type="button" class="secondary" onClick={onClose}>
        {t('cancel')}
      </button>
    </form>
  );
};

/** A refusal that names no field, in the reader's language when the console knows its code. */
const generalError = (failure: ApiFailure): string =>
  failure.code === 'ALERT.FOUR_EYES_REQUIRED' ? t('fourEyes') : failure.message;

/** Acknowledge, escalate and resolve one alert; the API's field errors shown beside the fields. */
export const AlertActions = ({ alert, onDone }: { alert: Alert; onDone: Done }) => {
  const [form, setForm] = useState<'none' | 'escalate' | 'resolve'>('none');
  const { failure, send, clear } = useCommand(onDone);
  const prefix = `alert-${alert.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const props: FormProps = { alert, prefix, send, failure, onClose: () => (clear(), setForm('none')) };
  return (
    <div>
      {alert.status === 'open' && (
        <button
          type="button"
          class="secondary"
          onClick={() => void send(`/v1/alerts/${encodeURIComponent(alert.id)}/acknowledgement`, {})}
        >
          {t('acknowledge')}
        </button>
      )}{' '}
      {form === 'none' && (
        <>
          <button type="button" class="secondary" onClick={() => setForm('escalate')}>
            {t('escalate')}
          </button>{' '}
          <button type="button" onClick={() => setForm('resolve')}>
            {t('resolve')}
          </button>
        </>
      )}
      {form === 'escalate' && <EscalateForm {...props} />}
      {form === 'resolve' && <ResolveForm {...props} />}
      {failure !== null && failure.errors.length === 0 && (
        <p class="error" role="alert">
          {generalError(failure)}
        </p>
      )}
    </div>
  );
};
