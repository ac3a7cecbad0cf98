import { DomainError } from '../common/domain-error';
import { planHandover, type HandoverFacts, type HandoverRequest } from './handover.plan';
import type { ManagerSnapshot } from './manager.state';

const snapshot = (managerId: string, active = true): ManagerSnapshot => ({
  managerId,
  name: `Manager ${managerId}`,
  branchId: 'BR-A',
  level: 'senior',
  active,
  absentUntil: null,
});

const facts: HandoverFacts = {
  fromManagerId: 'M-GONE',
  clientsOfFrom: ['c-1', 'c-2', 'c-3'],
  managers: new Map([
    ['M-GONE', snapshot('M-GONE', false)],
    ['M-A', snapshot('M-A')],
    ['M-B', snapshot('M-B')],
    ['M-LEFT', snapshot('M-LEFT', false)],
    ['M-NONE', null],
  ]),
};

const refusal = (request: HandoverRequest): { code: string; kind: string; field?: string } => {
  try {
    planHandover(request, facts);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, kind: error.kind, field: error.field };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('planHandover', () => {
  describe('given the departing manager covers c-1, c-2 and c-3', () => {
    it('when all go to one colleague, then each of them moves to that colleague', () => {
      expect(planHandover({ toManagerId: 'M-A' }, facts)).toEqual([
        { clientId: 'c-1', managerId: 'M-A' },
        { clientId: 'c-2', managerId: 'M-A' },
        { clientId: 'c-3', managerId: 'M-A' },
      ]);
    });

    it('when split between two colleagues, then each named client moves to the manager beside it', () => {
      const assignments = [
        { clientId: 'c-1', managerId: 'M-A' },
        { clientId: 'c-3', managerId: 'M-B' },
      ];
      expect(planHandover({ assignments }, facts)).toEqual(assignments);
    });

    it('when the manager covers nobody, then nothing moves', () => {
      expect(planHandover({ toManagerId: 'M-A' }, { ...facts, clientsOfFrom: [] })).toEqual([]);
    });
  });

  describe('refuses the whole handover, naming the field', () => {
    it.each<[string, HandoverRequest, { code: string; kind: string; field: string }]>([
      [
        'a departed target',
        { toManagerId: 'M-LEFT' },
        { code: 'MANAGER.INACTIVE', kind: 'rule_violation', field: 'toManagerId' },
      ],
      [
        'an unknown target',
        { toManagerId: 'M-NONE' },
        { code: 'MANAGER.NOT_FOUND', kind: 'rule_violation', field: 'toManagerId' },
      ],
      [
        'the same manager',
        { toManagerId: 'M-GONE' },
        { code: 'MANAGER.INVALID_VALUE', kind: 'invalid', field: 'toManagerId' },
      ],
      ['no assignments', { assignments: [] }, { code: 'MANAGER.INVALID_VALUE', kind: 'invalid', field: 'assignments' }],
      [
        'a client of someone else',
        {
          assignments: [
            { clientId: 'c-1', managerId: 'M-A' },
            { clientId: 'c-9', managerId: 'M-A' },
          ],
        },
        { code: 'HANDOVER.CLIENT_NOT_COVERED', kind: 'rule_violation', field: 'assignments.1.clientId' },
      ],
      [
        'a client named twice',
        {
          assignments: [
            { clientId: 'c-2', managerId: 'M-A' },
            { clientId: 'c-2', managerId: 'M-B' },
          ],
        },
        { code: 'MANAGER.INVALID_VALUE', kind: 'invalid', field: 'assignments.1.clientId' },
      ],
      [
        'a departed manager on a line',
        {
          assignments: [
            { clientId: 'c-1', managerId: 'M-A' },
            { clientId: 'c-2', managerId: 'M-LEFT' },
          ],
        },
        { code: 'MANAGER.INACTIVE', kind: 'rule_violation', field: 'assignments.1.managerId' },
      ],
    ])('%s', (_, request, expected) => {
      expect(refusal(request)).toEqual(expected);
    });
  });
});
