import { commandFactory, DeciderSpecification, eventFactory } from '@crm/testing';
import type { DepartmentCommand } from './department-rating.commands';
import { DEPARTMENT_RATING_COMMENT_MAX, departmentDecider } from './department-rating.decider';
import type { DepartmentEvent } from './department-rating.events';

const NOW = '2026-09-14T02:30:00.000Z';
const cmd = commandFactory<DepartmentCommand>({ now: NOW, actor: { userId: 'm-7', role: 'relationship_manager' } });
const ev = eventFactory<DepartmentEvent>();
const spec = DeciderSpecification.for(departmentDecider);

const rate = (data: Record<string, unknown>) =>
  cmd('RateDepartmentService', { ratingId: 'r-1', departmentId: 'credit-approval', score: 4, ...data });
const rated = (data: Record<string, unknown> = {}) =>
  ev('DepartmentServiceRated', {
    ratingId: 'r-1',
    departmentId: 'credit-approval',
    score: 4,
    ratedBy: 'm-7',
    ratedAt: NOW,
    ...data,
  });

describe('RateDepartmentService', () => {
  it('records the score with the rater and the time of the command, the comment when given', () => {
    spec.given([]).when(rate({})).then([rated()]);
    spec
      .given([rated()])
      .when(rate({ ratingId: 'r-2', score: 1, comment: 'three weeks for a renewal' }))
      .then([rated({ ratingId: 'r-2', score: 1, comment: 'three weeks for a renewal' })]);
  });

  it('refuses a score off the 1–5 scale or not an integer, on `score`', () => {
    for (const score of [0, 6, 4.5, '4', null]) {
      spec.given([]).when(rate({ score })).thenThrows('DEPARTMENT.INVALID_VALUE', { kind: 'invalid', field: 'score' });
    }
  });

  it('refuses a blank or overlong comment, on `comment`', () => {
    for (const comment of ['  ', 'x'.repeat(DEPARTMENT_RATING_COMMENT_MAX + 1), 42]) {
      spec
        .given([])
        .when(rate({ comment }))
        .thenThrows('DEPARTMENT.INVALID_VALUE', { kind: 'invalid', field: 'comment' });
    }
  });
});
