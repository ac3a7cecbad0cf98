import { clientScopedId } from '../common/client-scoped-id';
import { conflict, forbiddenHere, invalid, notFound, type DomainErrorCode } from '../common/domain-error';
import type {
  ApproveCreditChange,
  ClientCommand,
  CreditChangeCommand,
  ProposeCreditChange,
  RejectCreditChange,
} from './client.commands';
import { CREDIT_CHANGE_TYPES, type CreditChange } from './credit-change';
import type { ClientEvent, CreditChangeApproved, CreditChangeProposed, CreditChangeRejected } from './client.events';
import type { CreditProposalState, ExistingClientState } from './client.state';
import { updateEntry, withEntry } from './state-collections';
import { requireOn, requireText } from './validation';

const INVALID: DomainErrorCode = 'CREDIT_PROPOSAL.INVALID_VALUE';
const MAX_REASON = 2_000;

/** The client decider itself, passed in so this file does not import the one that imports it. */
type DecideClient = (command: ClientCommand, state: ExistingClientState) => ClientEvent[];

const asCommand = (change: CreditChange, metadata: ProposeCreditChange['metadata']): CreditChangeCommand =>
  ({ type: change.type, data: change.data, metadata }) as CreditChangeCommand;

const requirePending = (state: ExistingClientState, proposalId: unknown): [string, CreditProposalState] => {
  const id = requireText(proposalId, 'proposalId', INVALID);
  const proposal = state.creditProposals.get(id);
  if (proposal === undefined) throw notFound('CREDIT_PROPOSAL.NOT_FOUND', 'no such credit proposal');
  if (proposal.status !== 'pending') throw conflict('CREDIT_PROPOSAL.DECIDED', `the proposal was ${proposal.status}`);
  return [id, proposal];
};

/**
 * The maker's half. The change is decided against the client as it stands, so a proposal that could
 * never be made (an unknown facility, an arrear that is not there) is refused now rather than at
 * approval; one that would change nothing proposes nothing.
 */
export const proposeCreditChange = (
  { data, metadata }: ProposeCreditChange,
  state: ExistingClientState,
  decide: DecideClient,
): ClientEvent[] => {
  // From HTTP only through validated DTOs, but a decider trusts no shape at runtime.
  const given = data.change as Partial<CreditChange> | null | undefined;
  const type = requireOn(CREDIT_CHANGE_TYPES, given?.type, 'change.type', INVALID);
  if (typeof given?.data !== 'object' || given.data === null) {
    throw invalid(INVALID, 'change.data must be an object', 'change.data');
  }
  const change = { type, data: given.data } as CreditChange;
  if (decide(asCommand(change, metadata), state).length === 0) return [];
  const proposalId = clientScopedId(state.clientId, state.creditProposals.size + 1);
  return [
    {
      type: 'CreditChangeProposed',
      data: { proposalId, change, proposedBy: metadata.actor.userId, proposedAt: metadata.now },
    },
  ];
};

/**
 * The checker's half: someone other than the proposer. The change is decided again against the
 * client as it stands now (another change may have landed meanwhile) and appended right behind the
 * approval, in the same append, so no approval exists without its change or the other way round.
 */
export const approveCreditChange = (
  { data, metadata }: ApproveCreditChange,
  state: ExistingClientState,
  decide: DecideClient,
): ClientEvent[] => {
  const [proposalId, proposal] = requirePending(state, data.proposalId);
  if (proposal.proposedBy === metadata.actor.userId) {
    throw forbiddenHere(
      'CREDIT_PROPOSAL.FOUR_EYES_REQUIRED',
      'a credit change is approved by someone other than its proposer',
    );
  }
  const approved: ClientEvent = {
    type: 'CreditChangeApproved',
    data: { proposalId, approvedBy: metadata.actor.userId, approvedAt: metadata.now },
  };
  return [approved, ...decide(asCommand(proposal.change, metadata), state)];
};

export const rejectCreditChange = (
  { data, metadata }: RejectCreditChange,
  state: ExistingClientState,
): ClientEvent[] => {
  const [proposalId] = requirePending(state, data.proposalId);
  const reason = requireText(data.reason, 'reason', INVALID);
  if (reason.length > MAX_REASON) throw invalid(INVALID, `reason must be at most ${MAX_REASON} characters`, 'reason');
  return [
    {
      type: 'CreditChangeRejected',
      data: { proposalId, rejectedBy: metadata.actor.userId, rejectedAt: metadata.now, reason },
    },
  ];
};

export const applyCreditChangeProposed = (
  state: ExistingClientState,
  { data }: CreditChangeProposed,
): ExistingClientState => ({
  ...state,
  creditProposals: withEntry(state.creditProposals, data.proposalId, {
    change: data.change,
    proposedBy: data.proposedBy,
    proposedAt: data.proposedAt,
    status: 'pending',
    decidedBy: null,
    decidedAt: null,
    reason: null,
  }),
});

export const applyCreditChangeApproved = (
  state: ExistingClientState,
  { data }: CreditChangeApproved,
): ExistingClientState => ({
  ...state,
  creditProposals: updateEntry(state.creditProposals, data.proposalId, (proposal) => ({
    ...proposal,
    status: 'approved',
    decidedBy: data.approvedBy,
    decidedAt: data.approvedAt,
  })),
});

export const applyCreditChangeRejected = (
  state: ExistingClientState,
  { data }: CreditChangeRejected,
): ExistingClientState => ({
  ...state,
  creditProposals: updateEntry(state.creditProposals, data.proposalId, (proposal) => ({
    ...proposal,
    status: 'rejected',
    decidedBy: data.rejectedBy,
    decidedAt: data.rejectedAt,
    reason: data.reason,
  })),
});
