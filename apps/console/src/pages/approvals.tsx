import { useState } from 'preact/hooks';
import { ApiFailure } from '../api';
import { Failure, Loading, Page, TextField } from '../components';
import { useConsole } from '../console-context';
import { messages } from '../i18n';
import { link, useRoute } from '../router';
import { useLoad } from '../use-load';

const t = messages(
  {
    title: 'Approvals',
    intro:
      'A credit change held for approval (a new facility, a higher limit, a rating …) is decided here by someone other than its maker. Open it from the client’s page or by its proposal id.',
    proposalId: 'Proposal id',
    open: 'Open',
    client: 'Client',
    change: 'Change',
    status: 'Status',
    proposedBy: 'Proposed by',
    decidedBy: 'Decided by',
    approve: 'Approve',
    reject: 'Reject',
    reason: 'Reason for rejecting',
    waiting: 'Clients with credit changes waiting',
    noneWaiting: 'Nothing is waiting for a decision.',
  },
  {
    title: '审批',
    intro: '待审批的授信变更（新增额度、提高额度、评级等）须由发起人以外的人员在此审批。可从客户页面或按提案编号打开。',
    proposalId: '提案编号',
    open: '打开',
    client: '客户',
    change: '变更',
    status: '状态',
    proposedBy: '发起人',
    decidedBy: '审批人',
    approve: '批准',
    reject: '拒绝',
    reason: '拒绝理由',
    waiting: '有待审批授信变更的客户',
    noneWaiting: '没有待审批事项。',
  },
);

type Proposal = Readonly<{
  id: string;
  clientId: string;
  status: string;
  change: Readonly<{ type: string; data: Readonly<Record<string, unknown>> }>;
  proposedBy: string;
  decidedBy: string | null;
  reason: string | null;
}>;

const Decision = ({ proposal, onDone }: { proposal: Proposal; onDone: (position: string) => void }) => {
  const { api } = useConsole();
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const decide = async (path: string, body: unknown): Promise<void> => {
    try {
      const answer = await api.post<{ position: string }>(
        `/v1/credit-proposals/${encodeURIComponent(proposal.id)}/${path}`,
        body,
      );
      setFailure(null);
      onDone(answer.position);
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      setFailure(error);
    }
  };
  const error = failure?.forField('reason');
  return (
    <form class="toolbar" onSubmit={(event) => (event.preventDefault(), void decide('rejection', { reason }))}>
      <button type="button" onClick={() => void decide('approval', {})}>
        {t('approve')}
      </button>
      <TextField id="proposal-reason" label={t('reason')} error={error} value={reason} onValue={setReason} />
      <button type="submit" class="danger">
        {t('reject')}
      </button>
      {failure !== null && failure.errors.length === 0 && (
        <p class="error" role="alert" data-testid="decision-error">
          {failure.message}
        </p>
      )}
    </form>
  );
};

const ProposalCard = ({ proposalId }: { proposalId: string }) => {
  const { api } = useConsole();
  const [written, setWritten] = useState<string | null>(null);
  const loaded = useLoad(
    () => api.get<Proposal>(`/v1/credit-proposals/${encodeURIComponent(proposalId)}`),
    [proposalId, written],
  );
  if (loaded.error !== null) return <Failure error={loaded.error} />;
  const proposal = loaded.data;
  if (proposal === null) return <Loading />;
  const change = Object.entries(proposal.change.data)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(' · ');
  return (
    <section class="card" data-testid="proposal">
      <dl class="grid">
        <div>
          <dt>{t('client')}</dt>
          <dd>
            <a href={link(`/clients/${proposal.clientId}`)}>{proposal.clientId}</a>
          </dd>
        </div>
        <div>
          <dt>{t('change')}</dt>
          <dd>
            {proposal.change.type} — {change}
          </dd>
        </div>
        <div>
          <dt>{t('status')}</dt>
          <dd data-testid="proposal-status">{proposal.status}</dd>
        </div>
        <div>
          <dt>{t('proposedBy')}</dt>
          <dd>{proposal.proposedBy}</dd>
        </div>
        <div>
          <dt>{t('decidedBy')}</dt>
          <dd>{proposal.decidedBy ?? '—'}</dd>
        </div>
      </dl>
      {proposal.status === 'pending' && <Decision proposal={proposal} onDone={setWritten} />}
    </section>
  );
};

type Waiting = Readonly<{ items: readonly Readonly<{ id: string; legalName: string }>[] }>;

/** Clients with a credit change waiting for a decision; each client's page lists its proposals. */
const WaitingClients = () => {
  const { api } = useConsole();
  const loaded = useLoad(() => api.get<Waiting>('/v1/clients?creditApproval=pending&limit=50'), []);
  if (loaded.error !== null) return <Failure error={loaded.error} />;
  if (loaded.data === null) return <Loading />;
  return (
    <section class="card" aria-labelledby="approvals-waiting">
      <h2 id="approvals-waiting">{t('waiting')}</h2>
      {loaded.data.items.length === 0 ? (
        <p class="muted">{t('noneWaiting')}</p>
      ) : (
        <ul data-testid="approvals-waiting">
          {loaded.data.items.map((client) => (
            <li key={client.id}>
              <a href={link(`/clients/${client.id}`)}>{client.legalName}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};

export const Approvals = () => {
  const route = useRoute();
  const [text, setText] = useState(route.query.get('proposal') ?? '');
  const [proposalId, setProposalId] = useState<string | null>(route.query.get('proposal'));
  return (
    <Page title={t('title')}>
      <p>{t('intro')}</p>
      <form class="toolbar" onSubmit={(event) => (event.preventDefault(), setProposalId(text.trim() || null))}>
        <div class="field">
          <label for="proposal-id">{t('proposalId')}</label>
          <input id="proposal-id" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <button type="submit">{t('open')}</button>
      </form>
      {proposalId !== null && <ProposalCard key={proposalId} proposalId={proposalId} />}
      <WaitingClients />
    </Page>
  );
};
