import {
  compareDecimal,
  isDecimalString,
  type ClientState,
  type CreditChange,
  type CreditChangeType,
  type Role,
} from '@crm/domain';

/**
 * Maker–checker on credit changes, in one place (docs/security.md, Maker–checker, copies it):
 * for each kind of change, the roles whose change is held as a proposal until a risk officer
 * approves it (`credit-proposal.decide`). Everyone else allowed to make the change makes it at once:
 * risk officers (the second line), core-banking services (the system of record), admin.
 * `raisesOnly`: only a change that raises the exposure is held (a new facility or a higher limit);
 * cutting a limit reduces risk and needs nobody's approval.
 */
export type CreditChangeRule = Readonly<{ heldFor: readonly Role[]; raisesOnly?: true }>;

export const CREDIT_CHANGE_POLICY: { readonly [T in CreditChangeType]: CreditChangeRule } = {
  ChangeCreditRating: { heldFor: ['relationship_manager'] },
  ChangeLoanClassification: { heldFor: ['relationship_manager'] },
  SetCreditLimit: { heldFor: ['relationship_manager'], raisesOnly: true },
  ClearPastDue: { heldFor: ['relationship_manager'] },
  ClearRiskFlag: { heldFor: ['relationship_manager'] },
};

/** A limit change that opens a facility or raises its limit; false for anything else. */
const raisesExposure = (change: CreditChange, state: ClientState): boolean => {
  if (change.type !== 'SetCreditLimit') return true;
  const facility = state.status === 'none' ? undefined : state.facilities.get(change.data.facilityId);
  // A malformed limit is left to the decider's 400, so it is not held as a proposal first.
  if (!isDecimalString(change.data.limit)) return false;
  return facility === undefined || compareDecimal(change.data.limit, facility.limit) > 0;
};

/** Whether `role` making `change` on the client as it stands must wait for a second person. */
export const needsApproval = (role: Role, change: CreditChange, state: ClientState): boolean => {
  const rule = CREDIT_CHANGE_POLICY[change.type];
  if (!rule.heldFor.includes(role)) return false;
  return rule.raisesOnly === true ? raisesExposure(change, state) : true;
};
