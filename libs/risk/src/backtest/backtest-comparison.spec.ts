import { compareTallies } from './backtest-comparison';

describe('compareTallies', () => {
  it('lists every rule either file raised, in rule-id order, with B − A and the clients only one flags', () => {
    const a = {
      'EW-UTIL': { raised: 3, escalated: 1, clients: ['c-1', 'c-2', 'c-3'] },
      'EW-DPD': { raised: 1, escalated: 0, clients: ['c-9'] },
    };
    const b = {
      'EW-UTIL': { raised: 1, escalated: 0, clients: ['c-2'] },
      'EW-FIN': { raised: 2, escalated: 0, clients: ['c-4', 'c-5'] },
      'EW-DPD': { raised: 1, escalated: 0, clients: ['c-9'] },
    };
    expect(compareTallies(a, b)).toEqual([
      {
        ruleId: 'EW-DPD',
        a: { raised: 1, escalated: 0, clients: 1 },
        b: { raised: 1, escalated: 0, clients: 1 },
        difference: { raised: 0, escalated: 0, clients: 0 },
        onlyA: [],
        onlyB: [],
      },
      {
        ruleId: 'EW-FIN',
        a: { raised: 0, escalated: 0, clients: 0 },
        b: { raised: 2, escalated: 0, clients: 2 },
        difference: { raised: 2, escalated: 0, clients: 2 },
        onlyA: [],
        onlyB: ['c-4', 'c-5'],
      },
      {
        ruleId: 'EW-UTIL',
        a: { raised: 3, escalated: 1, clients: 3 },
        b: { raised: 1, escalated: 0, clients: 1 },
        difference: { raised: -2, escalated: -1, clients: -2 },
        onlyA: ['c-1', 'c-3'],
        onlyB: [],
      },
    ]);
  });

  it('is empty when neither file raised anything', () => {
    expect(compareTallies({}, {})).toEqual([]);
  });
});
