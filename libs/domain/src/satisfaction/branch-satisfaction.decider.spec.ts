import { commandFactory, DeciderSpecification, eventFactory } from '@crm/testing';
import type { BranchSatisfactionCommand } from './branch-satisfaction.commands';
import { branchSatisfactionDecider } from './branch-satisfaction.decider';
import type { BranchSatisfactionEvent } from './branch-satisfaction.events';

const NOW = '2026-04-01T00:05:00.000Z';
const cmd = commandFactory<BranchSatisfactionCommand>({ now: NOW, actor: { userId: 'risk-monitor', role: 'service' } });
const ev = eventFactory<BranchSatisfactionEvent>();
const spec = DeciderSpecification.for(branchSatisfactionDecider);

const figures = {
  branchId: 'BR-1',
  quarter: '2026-Q1',
  nps: 12,
  csat: 85,
  responses: 40,
  target: { nps: 30, csat: 80 },
};
const missed = ev('SatisfactionTargetMissed', { ...figures, judgedAt: NOW });

describe('NoteSatisfactionTargetMissed', () => {
  test('records a quarter below target once, with the figures and target it was judged on', () => {
    spec.given([]).when(cmd('NoteSatisfactionTargetMissed', figures)).then([missed]);
    spec.given([missed]).when(cmd('NoteSatisfactionTargetMissed', figures)).then([]);
  });

  test('another quarter is recorded beside the first', () => {
    spec
      .given([missed])
      .when(cmd('NoteSatisfactionTargetMissed', { ...figures, quarter: '2026-Q2' }))
      .then([ev('SatisfactionTargetMissed', { ...figures, quarter: '2026-Q2', judgedAt: NOW })]);
  });

  test('a figure without answers is null, and the other one decides', () => {
    const csatOnly = { ...figures, nps: null, csat: 70 };
    spec
      .given([])
      .when(cmd('NoteSatisfactionTargetMissed', csatOnly))
      .then([ev('SatisfactionTargetMissed', { ...csatOnly, judgedAt: NOW })]);
  });

  test.each([
    ['target', { nps: 30, csat: 80 }],
    ['target', { nps: null, csat: null }],
    ['quarter', { quarter: '2026-Q5' }],
    ['nps', { nps: 101 }],
    ['csat', { csat: 40.5 }],
    ['responses', { responses: 0 }],
    ['target.csat', { target: { nps: 30, csat: 101 } }],
    ['branchId', { branchId: ' ' }],
  ])('refuses on %s: %j', (field, change) => {
    spec
      .given([])
      .when(cmd('NoteSatisfactionTargetMissed', { ...figures, ...change }))
      .thenThrows('SATISFACTION.INVALID_VALUE', { kind: 'invalid', field });
  });
});
