import { useState } from 'preact/hooks';
import { Failure, Loading, Page } from '../components';
import { useConsole } from '../console-context';
import { messages } from '../i18n';
import { link, useRoute } from '../router';
import { useLoad } from '../use-load';
import { ProposalCard } from './approval-card';

const t = messages(
  {
    title: 'Approvals',
    intro:
      'Credit changes held for approval (maker–checker): a rating or classification change, a higher limit, clearing arrears or a risk flag. Someone other than the proposer approves or rejects each.',
    proposalId: 'Proposal id',
    open: 'Open',
    waiting: 'Waiting for a decision',
    noneWaiting: 'Nothing is waiting for a decision.',
    moreWaiting: 'More clients have changes waiting than are shown here.',
    refresh: 'Refresh',
  },
  {
    title: '授信审批',
    intro:
      '待审批的授信变更（双人复核）：评级或五级分类调整、提高额度、清除逾期或解除风险标识。每项变更须由发起人以外的人员批准或拒绝。',
    proposalId: '提案编号',
    open: '打开',
    waiting: '待审批事项',
    noneWaiting: '没有待审批事项。',
    moreWaiting: '另有更多客户的变更待审批，此处未全部显示。',
    refresh: '刷新',
  },
);

type WaitingClients = Readonly<{
  items: readonly Readonly<{ id: string; legalName: string }>[];
  nextCursor: string | null;
}>;
type ClientView = Readonly<{ id: string; pendingCreditChanges?: readonly Readonly<{ proposalId: string }>[] }>;

/** One client's pending proposals, from its view (the API lists proposals per client only). */
const ClientProposals = ({ clientId, legalName }: { clientId: string; legalName: string }) => {
  const { api } = useConsole();
  const loaded = useLoad(() => api.get<ClientView>(`/v1/clients/${encodeURIComponent(clientId)}`), [clientId]);
  if (loaded.error !== null) return <Failure error={loaded.error} />;
  if (loaded.data === null) return <Loading />;
  return (
    <section aria-labelledby={`waiting-${clientId}`} data-testid="waiting-client" data-client-id={clientId}>
      <h3 id={`waiting-${clientId}`}>
        <a href={link(`/clients/${clientId}`)}>{legalName}</a>
      </h3>
      {(loaded.data.pendingCreditChanges ?? []).map((pending) => (
        <ProposalCard key={pending.proposalId} proposalId={pending.proposalId} level={4} />
      ))}
    </section>
  );
};

/** The clients with a credit change waiting (the API's approvals queue), each with its proposals. */
const Waiting = () => {
  const { api } = useConsole();
  const loaded = useLoad(() => api.get<WaitingClients>('/v1/clients?creditApproval=pending&limit=50'), []);
  return (
    <section class="card" aria-labelledby="approvals-waiting" data-testid="approvals-waiting">
      <div class="toolbar">
        <h2 id="approvals-waiting">{t('waiting')}</h2>
        <button type="button" class="secondary" onClick={loaded.reload}>
          {t('refresh')}
        </button>
      </div>
      {loaded.error !== null && <Failure error={loaded.error} />}
      {loaded.data === null ? (
        loaded.error === null && <Loading />
      ) : loaded.data.items.length === 0 ? (
        <p class="muted">{t('noneWaiting')}</p>
      ) : (
        <>
          {loaded.data.items.map((client) => (
            <ClientProposals key={client.id} clientId={client.id} legalName={client.legalName} />
          ))}
          {loaded.data.nextCursor !== null && <p class="muted">{t('moreWaiting')}</p>}
        </>
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
      <div data-testid="approvals">
        <p>{t('intro')}</p>
        <form class="toolbar" onSubmit={(event) => (event.preventDefault(), setProposalId(text.trim() || null))}>
          <div class="field">
            <label for="proposal-id">{t('proposalId')}</label>
            <input id="proposal-id" value={text} onInput={(e) => setText(e.currentTarget.value)} />
          </div>
          <button type="submit">{t('open')}</button>
        </form>
        {proposalId !== null && <ProposalCard key={proposalId} proposalId={proposalId} level={2} />}
        <Waiting />
      </div>
    </Page>
  );
};
