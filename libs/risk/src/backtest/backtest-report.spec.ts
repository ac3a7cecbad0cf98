import { formatBacktest, formatComparison } from './backtest-report';
import type { RiskBacktestResult } from './risk-backtest';

const client = (n: number): string => `0190a4c2-0000-7000-8000-${String(n).padStart(12, '0')}`;

const result: RiskBacktestResult = {
  events: 1234,
  unreadable: 0,
  sweeps: 41,
  end: '2026-04-10T00:00:00.000Z',
  runs: [
    {
      name: 'config/risk-rules.yaml',
      parkedClients: 0,
      rules: {
        'EW-DPD': { raised: 2, escalated: 1, clients: [client(1), client(2)] },
        'EW-UTIL': { raised: 7, escalated: 0, clients: [1, 2, 3, 4, 5, 6, 7].map(client) },
      },
    },
    {
      name: 'util-095.yaml',
      parkedClients: 0,
      rules: {
        'EW-DPD': { raised: 2, escalated: 1, clients: [client(1), client(2)] },
        'EW-UTIL': { raised: 1, escalated: 0, clients: [client(7)] },
      },
    },
  ],
};

describe('formatComparison', () => {
  it('shows per rule A, B and B-A for raised, escalated and clients, then who only one file flags (capped)', () => {
    const text = formatComparison(result, { json: false, allClients: false });
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '1,234 client events replayed, swept daily up to 2026-04-10T00:00:00.000Z (41 sweeps)',
      'A: config/risk-rules.yaml',
      'B: util-095.yaml',
    ]);
    expect(lines.slice(4, 8)).toEqual([
      '          raised      escalated     clients',
      'rule     A  B  B-A    A  B  B-A    A  B  B-A',
      'EW-DPD   2  2    0    1  1    0    2  2    0',
      'EW-UTIL  7  1   -6    0  0    0    7  1   -6',
    ]);
    expect(lines.slice(9)).toEqual([
      'flagged under one file only:',
      `EW-UTIL  only A  6: ${[1, 2, 3, 4, 5].map(client).join(', ')} … and 1 more (--all-clients)`,
      '',
    ]);
    expect(formatComparison(result, { json: false, allClients: true })).toContain(
      `only A  6: ${[1, 2, 3, 4, 5, 6].map(client).join(', ')}\n`,
    );
  });

  it('gives a stable JSON object with every client', () => {
    expect(JSON.parse(formatComparison(result, { json: true, allClients: false }))).toEqual({
      events: 1234,
      unreadable: 0,
      sweeps: 41,
      end: '2026-04-10T00:00:00.000Z',
      a: 'config/risk-rules.yaml',
      b: 'util-095.yaml',
      rules: {
        'EW-DPD': {
          a: { raised: 2, escalated: 1, clients: 2 },
          b: { raised: 2, escalated: 1, clients: 2 },
          difference: { raised: 0, escalated: 0, clients: 0 },
          onlyA: [],
          onlyB: [],
        },
        'EW-UTIL': {
          a: { raised: 7, escalated: 0, clients: 7 },
          b: { raised: 1, escalated: 0, clients: 1 },
          difference: { raised: -6, escalated: 0, clients: -6 },
          onlyA: [1, 2, 3, 4, 5, 6].map(client),
          onlyB: [],
        },
      },
    });
  });

  it('says so when neither file raised anything', () => {
    const quiet = { ...result, runs: result.runs.map((run) => ({ ...run, rules: {} })) };
    expect(formatComparison(quiet, { json: false, allClients: false })).toContain('(no alerts under either file)\n');
  });

  it('needs exactly two runs', () => {
    expect(() =>
      formatComparison({ ...result, runs: result.runs.slice(0, 1) }, { json: false, allClients: false }),
    ).toThrow(RangeError);
  });
});

describe('formatBacktest', () => {
  it('shows per rule raised, escalated and the clients, capped unless all are asked for', () => {
    const lines = formatBacktest(result, { json: false, allClients: false }).split('\n');
    expect(lines.slice(2, 5)).toEqual([
      'rule     raised  escalated  clients',
      `EW-DPD        2          1  2: ${client(1)}, ${client(2)}`,
      `EW-UTIL       7          0  7: ${[1, 2, 3, 4, 5].map(client).join(', ')} … and 2 more (--all-clients)`,
    ]);
  });

  it('keeps the JSON shape the earlier CLI gave (events, rules with raised, escalated, clients)', () => {
    const parsed = JSON.parse(formatBacktest(result, { json: true, allClients: false })) as {
      events: number;
      rules: Record<string, unknown>;
    };
    expect(parsed.events).toBe(1234);
    expect(parsed.rules['EW-DPD']).toEqual({ raised: 2, escalated: 1, clients: [client(1), client(2)] });
    expect(Object.keys(parsed.rules)).toEqual(['EW-DPD', 'EW-UTIL']);
  });
});
