import { commandFactory, DeciderSpecification, eventFactory, shippedDepartments } from '@crm/testing';
import type { DomainError, DomainErrorKind } from '../common/domain-error';
import type { ClientCommand } from './client.commands';
import { clientDecider } from './client.decider';
import type { ClientEvent } from './client.events';
import { FEEDBACK_STATUSES, FEEDBACK_TRANSITIONS, type FeedbackStatus } from './feedback-status';

/**
 * The product-feedback loop: feedback forwarded to a configured department, then moved on by that
 * department one step at a time (received → under review → accepted → implemented, or declined),
 * each step with an answer.
 */
const NOW = '2026-05-11T02:00:00.000Z';
const manager = commandFactory<ClientCommand>({ now: NOW, actor: { userId: 'u-rm-1', role: 'relationship_manager' } });
const cards = commandFactory<ClientCommand>({ now: NOW, actor: { userId: 'u-cards-1', role: 'product_department' } });
const ev = eventFactory<ClientEvent>();
const spec = DeciderSpecification.for(clientDecider);
const departments = shippedDepartments();

const expectRejection = (
  given: readonly ClientEvent[],
  command: ClientCommand,
  code: string,
  kind: DomainErrorKind,
  field?: string,
): DomainError => spec.given(given).when(command).thenThrows(code, { kind, field });

const registered = ev('ProspectRegistered', {
  clientId: 'c-1',
  branchId: 'BR-1',
  segment: 'sme',
  industry: 'retail',
  legalName: 'Acme Ltd',
  registrationNo: 'RN-1',
  contact: { phone: '+8612345678' },
  source: 'branch',
});
const prospect = [registered];
const client = [registered, ev('ProspectConverted', { convertedAt: '2026-01-10T09:00:00.000Z' })];

const forward = (data: Record<string, unknown> = {}) =>
  manager('ForwardFeedback', {
    feedbackId: 'f-1',
    department: 'cards',
    productCode: 'CARD-GOLD',
    theme: 'pricing',
    text: 'Annual fee too high',
    departments,
    ...data,
  });
const forwarded = ev('FeedbackForwarded', {
  feedbackId: 'f-1',
  department: 'cards',
  productCode: 'CARD-GOLD',
  theme: 'pricing',
  text: 'Annual fee too high',
});

const change = (status: string, data: Record<string, unknown> = {}) =>
  cards('ChangeFeedbackStatus', {
    feedbackId: 'f-1',
    department: 'cards',
    status: status as FeedbackStatus,
    answer: `Now ${status}`,
    ...data,
  });
const changed = (status: Exclude<FeedbackStatus, 'received'>) =>
  ev('FeedbackStatusChanged', {
    feedbackId: 'f-1',
    department: 'cards',
    status,
    answer: `Now ${status}`,
    changedBy: 'u-cards-1',
    changedAt: NOW,
  });

/** The events that bring the feedback to `status` by the allowed path. */
const history = (status: FeedbackStatus): ClientEvent[] => {
  const path: Record<FeedbackStatus, Exclude<FeedbackStatus, 'received'>[]> = {
    received: [],
    under_review: ['under_review'],
    accepted: ['under_review', 'accepted'],
    implemented: ['under_review', 'accepted', 'implemented'],
    declined: ['under_review', 'declined'],
  };
  return [...client, forwarded, ...path[status].map(changed)];
};

describe('ForwardFeedback', () => {
  test('forwards feedback to a configured department, with its product and theme', () => {
    spec.given(client).when(forward()).then([forwarded]);
  });

  test('forwards feedback from a prospect, to any configured department, theme and product optional', () => {
    for (const department of departments.departments.map((d) => d.id)) {
      spec
        .given(prospect)
        .when(forward({ department, productCode: undefined, theme: undefined, text: 'Queue too long' }))
        .then([ev('FeedbackForwarded', { feedbackId: 'f-1', department, text: 'Queue too long' })]);
    }
  });

  test('a redelivered feedback id is absorbed', () => {
    spec
      .given([...client, forwarded])
      .when(forward())
      .then([]);
  });

  test('a department that is not configured is invalid, on `department`', () => {
    for (const department of ['legal', 'Cards', '', 42, undefined]) {
      expectRejection(client, forward({ department }), 'CLIENT.INVALID_VALUE', 'invalid', 'department');
    }
  });

  test('a theme off the list, a blank text or product code is invalid, on its field', () => {
    expectRejection(client, forward({ theme: 'weather' }), 'CLIENT.INVALID_VALUE', 'invalid', 'theme');
    expectRejection(client, forward({ text: ' ' }), 'CLIENT.INVALID_VALUE', 'invalid', 'text');
    expectRejection(client, forward({ productCode: '' }), 'CLIENT.INVALID_VALUE', 'invalid', 'productCode');
  });
});

describe('ChangeFeedbackStatus', () => {
  test('moves received → under review → accepted → implemented, each step with its answer and who made it', () => {
    spec
      .given(history('received'))
      .when(change('under_review'))
      .then([changed('under_review')]);
    spec
      .given(history('under_review'))
      .when(change('accepted'))
      .then([changed('accepted')]);
    spec
      .given(history('accepted'))
      .when(change('implemented'))
      .then([changed('implemented')]);
  });

  test('declines from received (misrouted or out of remit), under review or accepted', () => {
    for (const from of ['received', 'under_review', 'accepted'] as const) {
      spec
        .given(history(from))
        .when(change('declined'))
        .then([changed('declined')]);
    }
  });

  test('every other move is a jump, refused on `status`: nothing moves two steps, back, or out of a closed one', () => {
    for (const from of FEEDBACK_STATUSES) {
      for (const to of FEEDBACK_STATUSES.filter((status) => !FEEDBACK_TRANSITIONS[from].includes(status))) {
        expectRejection(history(from), change(to), 'FEEDBACK.INVALID_TRANSITION', 'rule_violation', 'status');
      }
    }
  });

  test('the jump the issue names, received → implemented, says where the feedback may go', () => {
    const error = expectRejection(
      history('received'),
      change('implemented'),
      'FEEDBACK.INVALID_TRANSITION',
      'rule_violation',
      'status',
    );
    expect(error.message).toContain('under_review or declined');
  });

  test('an unknown status or a blank answer is invalid, on its field', () => {
    expectRejection(history('received'), change('done'), 'CLIENT.INVALID_VALUE', 'invalid', 'status');
    expectRejection(
      history('received'),
      change('under_review', { answer: '' }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'answer',
    );
  });

  test("another department's feedback is as unknown as feedback that does not exist", () => {
    expectRejection(
      history('received'),
      change('under_review', { department: 'wealth-management' }),
      'FEEDBACK.NOT_FOUND',
      'not_found',
    );
    expectRejection(
      history('received'),
      change('under_review', { feedbackId: 'f-2' }),
      'FEEDBACK.NOT_FOUND',
      'not_found',
    );
  });

  test("refused once the client's personal data is erased: the answer is personal data", () => {
    const erased = ev('PersonalDataErased', { requestedBy: 'u-dpo', basis: 'request' });
    expectRejection(
      [...history('received'), erased],
      change('under_review'),
      'CLIENT.PERSONAL_DATA_ERASED',
      'rule_violation',
    );
  });
});
