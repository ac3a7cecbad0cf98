import type { Command, Decider, Event } from '@crm/domain';
import type { CommandContext } from './command-context';
import { decideBatch, type BatchCommand, type BatchDecision } from './decide-batch';
import { WrongExpectedRevisionError } from './wrong-expected-revision.error';

type Deposited = Event<'Deposited', { amount: number }>;
type Withdrawn = Event<'Withdrawn', { amount: number }>;
type Deposit = Command<'Deposit', { amount: number; times?: number }>;
type Withdraw = Command<'Withdraw', { amount: number }>;
type Account = { balance: number };

class Overdrawn extends Error {}

/** Pure test decider: a withdrawal beyond the balance is refused. */
const account: Decider<Account, Deposit | Withdraw, Deposited | Withdrawn> = {
  initialState: () => ({ balance: 0 }),
  evolve: (state, event) => ({
    balance: state.balance + (event.type === 'Deposited' ? event.data.amount : -event.data.amount),
  }),
  decide: (command, state) => {
    if (command.type === 'Deposit') {
      return Array.from({ length: command.data.times ?? 1 }, () => ({
        type: 'Deposited' as const,
        data: { amount: command.data.amount },
      }));
    }
    if (command.data.amount > state.balance) throw new Overdrawn(`balance ${state.balance}`);
    return command.data.amount === 0 ? [] : [{ type: 'Withdrawn', data: { amount: command.data.amount } }];
  },
};

const metadata = { now: '2024-06-01T00:00:00.000Z', actor: { userId: 'u-1', role: 'relationship_manager' as const } };
const context = (n: number): CommandContext => ({
  correlationId: `corr-${n}`,
  causationId: `cause-${n}`,
  actor: { userId: 'u-1', role: 'relationship_manager' },
});
const deposit = (amount: number, times?: number): Deposit => ({
  type: 'Deposit',
  data: times === undefined ? { amount } : { amount, times },
  metadata,
});
const withdraw = (amount: number): Withdraw => ({ type: 'Withdraw', data: { amount }, metadata });
const batch = (...commands: Array<Deposit | Withdraw>): BatchCommand<Deposit | Withdraw>[] =>
  commands.map((command, n) => ({ command, context: context(n) }));

const empty = { state: { balance: 0 }, revision: -1, position: 0n };
const failure = (decision: BatchDecision<Account, Deposited | Withdrawn>): unknown =>
  decision.ok ? undefined : decision.error;

describe('decideBatch', () => {
  it('decides each command on the state left by those before it', () => {
    const decided = decideBatch('acc-1', account, empty, batch(deposit(10), withdraw(7), deposit(5)));
    expect(decided.decisions).toEqual([
      { ok: true, events: [{ type: 'Deposited', data: { amount: 10 } }], state: { balance: 10 }, eventsBefore: 0 },
      { ok: true, events: [{ type: 'Withdrawn', data: { amount: 7 } }], state: { balance: 3 }, eventsBefore: 1 },
      { ok: true, events: [{ type: 'Deposited', data: { amount: 5 } }], state: { balance: 8 }, eventsBefore: 2 },
    ]);
    expect(decided.state).toEqual({ balance: 8 });
    expect(decided.events.map((event) => [event.type, event.data, event.metadata.causationId])).toEqual([
      ['Deposited', { amount: 10 }, 'cause-0'],
      ['Withdrawn', { amount: 7 }, 'cause-1'],
      ['Deposited', { amount: 5 }, 'cause-2'],
    ]);
    expect(new Set(decided.events.map((event) => event.eventId)).size).toBe(3);
  });

  it('fails a throwing command alone: its events are left out and the next is decided without them', () => {
    const decided = decideBatch(
      'acc-1',
      account,
      { state: { balance: 5 }, revision: 3, position: 9n },
      batch(deposit(1, 2), withdraw(100), withdraw(7)),
    );
    const [first, refused, last] = decided.decisions;
    expect(first).toMatchObject({ ok: true, state: { balance: 7 }, eventsBefore: 0 });
    expect(failure(refused)).toBeInstanceOf(Overdrawn);
    expect(refused.eventsBefore).toBe(2);
    expect(last).toMatchObject({ ok: true, state: { balance: 0 }, eventsBefore: 2 });
    expect(decided.events.map((event) => event.type)).toEqual(['Deposited', 'Deposited', 'Withdrawn']);
  });

  it('holds a pinned command to the revision the stream has reached at its turn', () => {
    const pinned = (command: Deposit | Withdraw, expectedRevision: number): BatchCommand<Deposit | Withdraw> => ({
      command,
      context: context(0),
      expectedRevision,
    });
    const decided = decideBatch('acc-1', account, { state: { balance: 0 }, revision: 4, position: 20n }, [
      pinned(deposit(1), 4),
      pinned(deposit(1), 4),
      pinned(deposit(1), 5),
      pinned(withdraw(0), 6),
    ]);
    const [atStart, stale, atItsTurn, unchanged] = decided.decisions;
    expect(atStart.ok).toBe(true);
    expect(failure(stale)).toEqual(new WrongExpectedRevisionError('acc-1', 4, 5));
    expect(atItsTurn.ok).toBe(true);
    expect(unchanged).toMatchObject({ ok: true, events: [], eventsBefore: 2 });
    expect(decided.events).toHaveLength(2);
  });

  it('reports a stream still empty at a pinned command’s turn as no stream', () => {
    const decided = decideBatch('acc-1', account, empty, [
      { command: deposit(1), context: context(0), expectedRevision: 0 },
    ]);
    expect(failure(decided.decisions[0])).toMatchObject({ expected: 0, actual: null });
    expect(decided.events).toEqual([]);
  });

  it('records in each event where its subject stood just after it, when the decider says', () => {
    const reporting = { ...account, contextOf: (state: Account) => ({ balance: String(state.balance) }) };
    const decided = decideBatch('acc-1', reporting, empty, batch(deposit(10, 2), withdraw(15), withdraw(99)));
    expect(decided.events.map((event) => event.metadata.context)).toEqual([
      { balance: '10' },
      { balance: '20' },
      { balance: '5' },
    ]);
    expect(decideBatch('acc-1', account, empty, batch(deposit(1))).events[0]?.metadata).not.toHaveProperty('context');
  });
});
