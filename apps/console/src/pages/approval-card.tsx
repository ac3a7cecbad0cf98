import { useState } from 'preact/hooks';
import { ApiFailure } from '../api';
import { Failure, Loading, TextField } from '../components';
import { useConsole, usePrincipal } from '../console-context';
import { formatDateTime, messages } from '../i18n';
import { link } from '../router';
import { useLoad } from '../use-load';
import { useWrite } from '../use-write';

const t = messages(
  {
    proposal: 'Proposal {id}',
    client: 'Client',
    change: 'Change',
    status: 'Status',
    proposedBy: 'Proposed by',
    proposedAt: 'Proposed at',
    decidedBy: 'Decided by',
    decidedAt: 'Decided at',
    rejectedBecause: 'Reason for the rejection',
    approve: 'Approve',
    reject: 'Reject',
    reason: 'Reason for rejecting',
    yours: 'You proposed this change: someone else must decide it.',
    fourEyes: 'You proposed this change, so you may not approve it: another risk officer must (four eyes).',
    decided: 'This proposal has already been decided.',
    missing: 'There is no proposal {id} that you may see.',
    pending: 'Pending',
    approved: 'Approved',
    rejected: 'Rejected',
    ChangeCreditRating: 'Credit rating change',
    ChangeLoanClassification: 'Loan classification change',
    SetCreditLimit: 'Credit limit change',
    ClearPastDue: 'Clearing of arrears',
    ClearRiskFlag: 'Clearing of a risk flag',
  },
  {
    proposal: '提案 {id}',
    client: '客户',
    change: '变更内容',
    status: '状态',
    proposedBy: '发起人',
    proposedAt: '发起时间',
    decidedBy: '审批人',
    decidedAt: '审批时间',
    rejectedBecause: '拒绝理由',
    approve: '批准',
    reject: '拒绝',
    reason: '拒绝理由',
    yours: '此变更由您发起，须由他人审批。',
    fourEyes: '此变更由您发起，您不能批准：须由另一名风险官审批（双人复核）。',
    decided: '该提案已审批完毕。',
    missing: '没有您可以查看的提案 {id}。',
    pending: '待审批',
    approved: '已批准',
    rejected: '已拒绝',
    ChangeCreditRating: '信用评级调整',
    ChangeLoanClassification: '贷款五级分类调整',
    SetCreditLimit: '授信额度调整',
    ClearPastDue: '逾期清除',
    ClearRiskFlag: '风险标识解除',
  },
);

export type Proposal = Readonly<{
  id: string;
  clientId: string;
  status: 'pending' | 'approved' | 'rejected';
  change: Readonly<{ type: string; data: Readonly<Record<string, unknown>> }>;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
}>;

const CHANGES = ['ChangeCreditRating', 'ChangeLoanClassification', 'SetCreditLimit', 'ClearPastDue', 'ClearRiskFlag'];

const changeName = (type: string): string => (CHANGES.includes(type) ? t(type as 'SetCreditLimit') : type);

/** The change's fields as the API holds them (`rating: BB · reason: weaker cash flow`). */
const changeData = (data: Readonly<Record<string, unknown>>): string =>
  Object.entries(data)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');

/** A refusal that names no field, in the reader's language when the console knows its code. */
const generalError = (failure: ApiFailure): string => {
  if (failure.code === 'CREDIT_PROPOSAL.FOUR_EYES_REQUIRED') return t('fourEyes');
  if (failure.status === 409) return t('decided');
  return failure.message;
};

const Decision = ({ proposal, onDone }: { proposal: Proposal; onDone: (position: string) => void }) => {
  const { api } = useConsole();
  const principal = usePrincipal();
  const [reason, setReason] = useState('');
  const { failure, write } = useWrite(onDone);
  const decide = async (path: 'approval' | 'rejection', body: unknown): Promise<void> => {
    const id = encodeURIComponent(proposal.id);
    await write(() => api.post<{ position: string }>(`/v1/credit-proposals/${id}/${path}`, body));
  };
  const prefix = `proposal-${proposal.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <form onSubmit={(event) => (event.preventDefault(), void decide('rejection', { reason }))}>
      {proposal.proposedBy === principal.userId && <p class="muted">{t('yours')}</p>}
      <TextField
        id={`${prefix}-reason`}
        label={t('reason')}
        error={failure?.forField('reason')}
        value={reason}
        onValue={setReason}
      />
      <div class="toolbar">
        <button type="button" onClick={() => void decide('approval', {})}>
          {t('approve')}
        </button>
        <button type="submit" class="danger">
          {t('reject')}
        </button>
      </div>
      {failure !== null && failure.errors.length === 0 && (
        <p class="error" role="alert" data-testid="decision-error">
          {generalError(failure)}
        </p>
      )}
    </form>
  );
};

const Details = ({ proposal }: { proposal: Proposal }) => {
  const items: [string, string][] = [
    [t('change'), `${changeName(proposal.change.type)}: ${changeData(proposal.change.data)}`],
    [t('proposedBy'), proposal.proposedBy],
    [t('proposedAt'), formatDateTime(proposal.proposedAt)],
  ];
  if (proposal.decidedBy !== null) items.push([t('decidedBy'), proposal.decidedBy]);
  if (proposal.decidedAt !== null) items.push([t('decidedAt'), formatDateTime(proposal.decidedAt)]);
  if (proposal.reason !== null) items.push([t('rejectedBecause'), proposal.reason]);
  return (
    <dl class="grid">
      <div>
        <dt>{t('client')}</dt>
        <dd>
          <a href={link(`/clients/${proposal.clientId}`)}>{proposal.clientId}</a>
        </dd>
      </div>
      <div>
        <dt>{t('status')}</dt>
        <dd>
          <span class="badge" data-testid="proposal-status" data-status={proposal.status}>
            {t(proposal.status)}
          </span>
        </dd>
      </div>
      {items.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
};

/** One credit proposal, read from the API, with its decision while it is pending. */
export const ProposalCard = ({ proposalId, level }: { proposalId: string; level: 2 | 4 }) => {
  const { api } = useConsole();
  const [written, setWritten] = useState<string | null>(null);
  const loaded = useLoad(
    () => api.get<Proposal>(`/v1/credit-proposals/${encodeURIComponent(proposalId)}`),
    [proposalId, written],
  );
  if (loaded.error instanceof ApiFailure && loaded.error.status === 404)
    return (
      <p class="error" role="alert" data-testid="proposal-missing">
        {t('missing', { id: proposalId })}
      </p>
    );
  if (loaded.error !== null) return <Failure error={loaded.error} />;
  const proposal = loaded.data;
  if (proposal === null) return <Loading />;
  const Heading = level === 2 ? 'h2' : 'h4';
  return (
    <article class="card" data-testid="proposal" data-proposal-id={proposal.id}>
      <Heading>{t('proposal', { id: proposal.id })}</Heading>
      <Details proposal={proposal} />
      {proposal.status === 'pending' && <Decision proposal={proposal} onDone={setWritten} />}
    </article>
  );
};
