import { useState } from 'preact/hooks';
import { ApiFailure } from '../api';
import { describedBy, Field, TextField } from '../components';
import { useConsole } from '../console-context';
import { messages } from '../i18n';

const t = messages(
  {
    title: 'Erase the client’s personal data',
    warning:
      'Erasure destroys the client’s data key: every name, contact detail and note of the client, in every event, view, backup and copy, then reads “[erased]”. Business facts (ratings, facilities, products, dates) stay. It cannot be undone.',
    basisStep: '1. Legal basis',
    basis: 'Legal basis and ticket reference (no personal data: it is kept as the record of the erasure)',
    confirmStep: '2. Confirmation',
    confirm: 'Type the client id to confirm',
    hint: 'The erase button is enabled only once you have typed the client id {client} exactly.',
    erase: 'Erase personal data',
    erasing: 'Erasing…',
    noClient: 'There is no client with this id.',
    forbidden: 'Only the data protection officer may erase personal data.',
    failed: 'The erasure failed: {message}',
    erased:
      'The client’s personal data is erased: its data key is destroyed, and its name, contact details and notes now read “[erased]” everywhere.',
    proof: 'Proof of erasure (the API’s answer)',
    client: 'Client id',
    revision: 'Revision of the client after the erasure',
    position: 'Position of the erasure in the event log',
    basisKept: 'Legal basis recorded',
  },
  {
    title: '删除客户个人信息',
    warning:
      '删除将销毁该客户的数据密钥：该客户在所有事件、视图、备份和副本中的名称、联系方式和备注都将显示为“[erased]”。业务事实（评级、额度、产品、日期）保留。此操作不可撤销。',
    basisStep: '1. 法律依据',
    basis: '法律依据及工单编号（不得包含个人信息：将作为删除记录保存）',
    confirmStep: '2. 确认',
    confirm: '输入客户编号以确认',
    hint: '只有准确输入客户编号 {client} 后，删除按钮才可用。',
    erase: '删除个人信息',
    erasing: '正在删除…',
    noClient: '没有此编号的客户。',
    forbidden: '只有数据保护官可以删除个人信息。',
    failed: '删除失败：{message}',
    erased: '该客户的个人信息已删除：其数据密钥已销毁，名称、联系方式和备注在所有位置均显示为“[erased]”。',
    proof: '删除证明（API 的应答）',
    client: '客户编号',
    revision: '删除后的客户版本号',
    position: '删除事件在事件日志中的位置',
    basisKept: '已记录的法律依据',
  },
);

/** The API's answer to the erasure: the proof the DPO keeps with the ticket. */
type Proof = Readonly<{ id: string; revision: number; position: string }>;

const ProofOfErasure = ({ proof, basis }: { proof: Proof; basis: string }) => (
  <section role="status" data-testid="erasure-proof" aria-labelledby="dpo-proof-title">
    <p data-testid="erased">
      <strong>{t('erased')}</strong>
    </p>
    <h3 id="dpo-proof-title">{t('proof')}</h3>
    <dl>
      <dt>{t('client')}</dt>
      <dd data-testid="proof-id">{proof.id}</dd>
      <dt>{t('revision')}</dt>
      <dd data-testid="proof-revision">{proof.revision}</dd>
      <dt>{t('position')}</dt>
      <dd data-testid="proof-position">{proof.position}</dd>
      <dt>{t('basisKept')}</dt>
      <dd>{basis}</dd>
    </dl>
  </section>
);

const messageOf = (failure: Error): string => {
  if (!(failure instanceof ApiFailure)) return t('failed', { message: failure.message });
  if (failure.status === 404) return t('noClient');
  if (failure.status === 403) return t('forbidden');
  return t('failed', { message: failure.message });
};

const useErasure = (clientId: string, onErased: () => void) => {
  const { api } = useConsole();
  const [failure, setFailure] = useState<Error | null>(null);
  const [proof, setProof] = useState<Proof | null>(null);
  const [busy, setBusy] = useState(false);
  const erase = async (basis: string): Promise<void> => {
    setBusy(true);
    try {
      setProof(await api.delete<Proof>(`/v1/clients/${encodeURIComponent(clientId)}/personal-data`, { basis }));
      setFailure(null);
      onErased();
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };
  return { failure, proof, busy, erase };
};

/**
 * Erasure behind a typed confirmation: the destructive button stays disabled until the DPO has
 * typed the very client id, so a slip of the mouse, or the wrong client open, erases nothing.
 */
export const Erasure = ({ clientId, onErased }: { clientId: string; onErased: () => void }) => {
  const [basis, setBasis] = useState('');
  const [typed, setTyped] = useState('');
  const { failure, proof, busy, erase } = useErasure(clientId, onErased);
  const confirmed = typed.trim() === clientId;
  const basisError = failure instanceof ApiFailure ? failure.forField('basis') : undefined;
  const general = failure !== null && basisError === undefined ? messageOf(failure) : null;
  const submit = (event: Event): void => {
    event.preventDefault();
    if (confirmed && !busy) void erase(basis);
  };
  return (
    <section class="card" aria-labelledby="dpo-erasure-title" data-testid="erasure">
      <h2 id="dpo-erasure-title">{t('title')}</h2>
      <p>{t('warning')}</p>
      <form onSubmit={submit}>
        <fieldset disabled={proof !== null}>
          <legend>{t('basisStep')}</legend>
          <TextField
            id="erasure-basis"
            label={t('basis')}
            error={basisError}
            value={basis}
            onValue={setBasis}
            rows={2}
          />
        </fieldset>
        <fieldset disabled={proof !== null}>
          <legend>{t('confirmStep')}</legend>
          <Field id="erasure-confirm" label={t('confirm')}>
            <input
              {...describedBy('erasure-confirm', undefined)}
              autoComplete="off"
              spellcheck={false}
              value={typed}
              onInput={(event) => setTyped(event.currentTarget.value)}
            />
          </Field>
          <p id="erasure-hint" class="muted">
            {t('hint', { client: clientId })}
          </p>
          <button type="submit" class="danger" disabled={!confirmed || busy} aria-describedby="erasure-hint">
            {busy ? t('erasing') : t('erase')}
          </button>
        </fieldset>
      </form>
      {general !== null && (
        <p class="error" role="alert" data-testid="erasure-failure">
          {general}
        </p>
      )}
      {proof !== null && <ProofOfErasure proof={proof} basis={basis} />}
    </section>
  );
};
