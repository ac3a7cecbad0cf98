import { conflict, notFound } from '../common/domain-error';
import { RISK_FLAG_TYPES, SEVERITIES } from '../common/scales';
import type { ClearRiskFlag, RaiseRiskFlag } from './client.commands';
import type { ClientEvent, RiskFlagCleared, RiskFlagRaised } from './client.events';
import type { ExistingClientState } from './client.state';
import { refuseIfErased } from './client-erasure.decider';
import { updateEntry, withEntry } from './state-collections';
import { requireOn, requireText } from './validation';

export const raiseRiskFlag = ({ data }: RaiseRiskFlag, state: ExistingClientState): ClientEvent[] => {
  const flagId = requireText(data.flagId, 'flagId');
  const type = requireOn(RISK_FLAG_TYPES, data.type, 'type');
  const severity = requireOn(SEVERITIES, data.severity, 'severity');
  const note = requireText(data.note, 'note');
  refuseIfErased(state, 'a risk flag with a note');
  if (state.riskFlags.has(flagId)) throw conflict('RISK_FLAG.ALREADY_RAISED', `risk flag ${flagId} is already raised`);
  return [{ type: 'RiskFlagRaised', data: { flagId, type, severity, note } }];
};

export const clearRiskFlag = ({ data }: ClearRiskFlag, state: ExistingClientState): ClientEvent[] => {
  const flagId = requireText(data.flagId, 'flagId');
  const reason = requireText(data.reason, 'reason');
  const flag = state.riskFlags.get(flagId);
  if (flag === undefined) throw notFound('RISK_FLAG.NOT_FOUND', `risk flag ${flagId} does not exist`);
  if (flag.status === 'cleared') throw conflict('RISK_FLAG.ALREADY_CLEARED', `risk flag ${flagId} is already cleared`);
  return [{ type: 'RiskFlagCleared', data: { flagId, reason } }];
};

export const applyRiskFlagRaised = (state: ExistingClientState, { data }: RiskFlagRaised): ExistingClientState => ({
  ...state,
  riskFlags: withEntry(state.riskFlags, data.flagId, { type: data.type, severity: data.severity, status: 'open' }),
});

export const applyRiskFlagCleared = (state: ExistingClientState, { data }: RiskFlagCleared): ExistingClientState => ({
  ...state,
  riskFlags: updateEntry(state.riskFlags, data.flagId, (flag) => ({ ...flag, status: 'cleared' })),
});
