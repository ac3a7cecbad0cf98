import { useState } from 'preact/hooks';
import { ApiFailure } from '../api';
import { describedBy, Field } from '../components';
import { useConsole } from '../console-context';
import { messages } from '../i18n';
import { alertWord, OUTCOMES, type Alert } from './alert-words';

const t = messages(
  {
    acknowledge: 'Acknowledge',
    resolve: 'Resolve…',
    resolveTitle: 'Resolve {alert}',
    outcome: 'Outcome',
    note: 'Note',
    confirm: 'Resolve',
    cancel: 'Cancel',
  },
  {
    acknowledge: '确认',
    resolve: '解决…',
    resolveTitle: '解决 {alert}',
    outcome: '处理结果',
    note: '说明',
    confirm: '解决',
    cancel: '取消',
  },
);

type Done = (position: string) => void;

/** Acknowledge and resolve one alert; the API's field errors shown beside the fields. */
export const AlertActions = ({ alert, onDone }: { alert: Alert; onDone: Done }) => {
  const { api } = useConsole();
  const [resolving, setResolving] = useState(false);
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('actioned');
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const id = encodeURIComponent(alert.id);
  const send = async (path: string, body: unknown): Promise<void> => {
    try {
      const answer = await api.post<{ position: string }>(path, body);
      setFailure(null);
      setResolving(false);
      onDone(answer.position);
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      setFailure(error);
    }
  };
  const error = (field: string): string | undefined => failure?.forField(field);
  const prefix = `resolve-${alert.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <div>
      {alert.status === 'open' && (
        <button type="button" class="secondary" onClick={() => void send(`/v1/alerts/${id}/acknowledgement`, {})}>
          {t('acknowledge')}
        </button>
      )}{' '}
      {!resolving && (
        <button type="button" onClick={() => setResolving(true)}>
          {t('resolve')}
        </button>
      )}
      {resolving && (
        <form
          aria-label={t('resolveTitle', { alert: alert.ruleId })}
          onSubmit={(event) => {
            event.preventDefault();
            void send(`/v1/alerts/${id}/resolution`, { outcome, note });
          }}
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
          <Field id={`${prefix}-note`} label={t('note')} error={error('note')}>
            <textarea
              {...describedBy(`${prefix}-note`, error('note'))}
              rows={2}
              value={note}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
          </Field>
          <button type="submit">{t('confirm')}</button>{' '}
          <button type="button" class="secondary" onClick={() => setResolving(false)}>
            {t('cancel')}
          </button>
        </form>
      )}
      {failure !== null && failure.errors.length === 0 && (
        <p class="error" role="alert">
          {failure.message}
        </p>
      )}
    </div>
  );
};
