import { AlertFeedAdmission, type AdmissionRefusal } from './alert-feed.admission';

const admitted = (outcome: (() => void) | AdmissionRefusal): (() => void) => {
  if (typeof outcome !== 'function') throw new Error(`refused: ${JSON.stringify(outcome)}`);
  return outcome;
};

describe('AlertFeedAdmission', () => {
  it('refuses a user past their own limit while others still get in', () => {
    const admission = new AlertFeedAdmission(2, 10);
    admitted(admission.admit('u-1'));
    admitted(admission.admit('u-1'));
    expect(admission.admit('u-1')).toEqual({ scope: 'user', limit: 2 });
    admitted(admission.admit('u-2'));
    expect(admission.open).toBe(3);
  });

  it('refuses everyone past the total, and admits again once a connection closes', () => {
    const admission = new AlertFeedAdmission(5, 2);
    const first = admitted(admission.admit('u-1'));
    admitted(admission.admit('u-2'));
    expect(admission.admit('u-3')).toEqual({ scope: 'total', limit: 2 });
    first();
    admitted(admission.admit('u-3'));
  });

  it('counts a release once, however often it is called', () => {
    const admission = new AlertFeedAdmission(1, 10);
    const release = admitted(admission.admit('u-1'));
    release();
    release();
    expect(admission.open).toBe(0);
    admitted(admission.admit('u-1'));
    expect(admission.admit('u-1')).toEqual({ scope: 'user', limit: 1 });
  });
});
