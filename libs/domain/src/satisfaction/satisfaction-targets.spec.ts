import { parseSatisfactionTargets, SatisfactionTargetsError, targetOf } from './satisfaction-targets';

const problemsOf = (raw: unknown): readonly string[] => {
  try {
    parseSatisfactionTargets(raw);
  } catch (error) {
    if (error instanceof SatisfactionTargetsError) return error.problems;
    throw error;
  }
  return [];
};

describe('satisfaction targets', () => {
  test('a branch takes its own target, a measure it leaves out from the default', () => {
    const targets = parseSatisfactionTargets({
      default: { nps: 30, csat: 80 },
      branches: { 'BR-SH-001': { nps: 40 }, 'BR-BJ-002': { nps: -10, csat: 70 } },
    });
    expect(targetOf(targets, 'BR-SH-001')).toEqual({ nps: 40, csat: 80 });
    expect(targetOf(targets, 'BR-BJ-002')).toEqual({ nps: -10, csat: 70 });
    expect(targetOf(targets, 'BR-GZ-003')).toEqual({ nps: 30, csat: 80 });
    expect(targetOf(targets, 'constructor')).toEqual({ nps: 30, csat: 80 });
  });

  test('branches may be left out', () => {
    expect(parseSatisfactionTargets({ default: { nps: 0, csat: 0 } })).toEqual({
      default: { nps: 0, csat: 0 },
      branches: {},
    });
  });

  test('lists every problem at once', () => {
    expect(
      problemsOf({
        default: { nps: 101, csat: 'high' },
        branches: { 'BR 1': { nps: 10 }, 'BR-2': { nps: 1.5, csat: -1, ces: 3 } },
        extra: true,
      }),
    ).toEqual([
      'extra: unknown key (use default, branches)',
      'default.nps: must be a whole number from -100 to 100',
      'default.csat: must be a whole number from 0 to 100',
      'branches.BR 1: not a branch id (letters, digits, _ . -)',
      'branches.BR-2.ces: unknown key (use nps, csat)',
      'branches.BR-2.nps: must be a whole number from -100 to 100',
      'branches.BR-2.csat: must be a whole number from 0 to 100',
    ]);
  });

  test.each([
    [null, 'must be a mapping with `default` and `branches`'],
    [{}, 'default: must be a mapping of nps and csat'],
    [{ default: { nps: 1, csat: 2 }, branches: [] }, 'branches: must be a mapping of branch ids to targets'],
  ])('%j is refused', (raw, problem) => {
    expect(problemsOf(raw)).toEqual([problem]);
  });
});
