import { classificationFloor, isBelowFloor } from '../../credit/classification-floor';
import { LOAN_CLASSIFICATIONS, rank, type LoanClassification, type Severity } from '../../common/scales';
import { idField } from '../event-data';
import type { ClientRiskState } from '../risk-state';
import type { RiskRulesConfig } from '../risk-rules.config';
import type { BandRule } from './band-rule';
import { worstArrear, type Arrear } from './worst-arrear';

type Breach = Readonly<{ floor: LoanClassification; arrear: Arrear }>;

const breachOf = (state: ClientRiskState, at: number, config: RiskRulesConfig, preferred: string | null = null) => {
  const arrear = worstArrear(state, at, config.timeZone, preferred);
  if (arrear === null) return null;
  const floor = classificationFloor(arrear.daysPastDue, config.rules['EW-CLASS-FLOOR']);
  return isBelowFloor(state.classification, floor) ? ({ floor, arrear } satisfies Breach) : null;
};

/** A missed floor is as serious as the category it hides: non-performing floors are high, the worst critical. */
const SEVERITY_OF_FLOOR: Readonly<Record<LoanClassification, Severity | null>> = {
  normal: null,
  special_mention: 'medium',
  substandard: 'high',
  doubtful: 'critical',
  loss: 'critical',
};

/**
 * EW-CLASS-FLOOR: the recorded classification is better than the floor its arrears impose (a
 * client 120 days past due still "normal"). It is evaluated on events and by the clock sweep,
 * since the floor rises as the arrear ages; the floor is the rule's stage, so each higher floor
 * escalates the open alert. Thresholds in the rules file (EW-CLASS-FLOOR).
 */
export const ewClassFloorRule: BandRule = {
  id: 'EW-CLASS-FLOOR',
  band: (state, at, config) => {
    const breach = breachOf(state, at, config);
    return breach === null ? null : SEVERITY_OF_FLOOR[breach.floor];
  },
  stage: (state, at, config) => {
    const breach = breachOf(state, at, config);
    return breach === null ? 0 : rank(LOAN_CLASSIFICATIONS, breach.floor);
  },
  reason: (state, at, config, event) => {
    const breach = breachOf(state, at, config, event === null ? null : idField(event.data, 'facilityId'));
    if (breach === null) return 'classification meets the floor its arrears impose';
    return (
      `loan classification ${state.classification ?? 'unrecorded'} is better than the floor ${breach.floor}: ` +
      `facility ${breach.arrear.facilityId} is ${breach.arrear.daysPastDue} days past due`
    );
  },
};
