import {
  canCoverCoreClient,
  clientDecider,
  managerDecider,
  type ClientEvent,
  type ClientState,
  type ClientTier,
  type ManagerEvent,
  type ManagerState,
  type CalendarCommandMetadata,
  weekdaysCalendar,
} from '@crm/domain';
import { RealisticClientData, type RealisticEvent } from './realistic-client-data';
import { clientCommandFor, managerCommandFor } from './realistic-commands';

const generate = (clients: number, seed: number): { data: RealisticClientData; events: RealisticEvent[] } => {
  const data = new RealisticClientData({ clients, seed });
  return { data, events: [...data.events()] };
};

/** Sorted descending; share of the sum brought by the top `fraction` of values. */
const topShare = (values: number[], fraction: number): number => {
  const sorted = [...values].sort((a, b) => b - a);
  const total = sorted.reduce((a, b) => a + b, 0);
  const top = sorted.slice(0, Math.ceil(sorted.length * fraction)).reduce((a, b) => a + b, 0);
  return top / total;
};

describe('realistic client data', () => {
  it('is deterministic: the same seed gives the same events, another seed others', () => {
    const a = generate(800, 11).events;
    const b = generate(800, 11).events;
    const c = generate(800, 12).events;
    expect(a.length).toBeGreaterThan(800 * 10);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  describe('5,000 clients over two years', () => {
    const { data, events } = generate(5_000, 2024);
    const clientStates = new Map<string, ClientState>();
    const managerStates = new Map<string, ManagerState>();
    const clientOrder: string[] = [];
    const contactsByTier: Record<ClientTier, number> = { core: 0, key: 0, standard: 0, basic: 0 };
    const contributions: number[] = [];
    let pastDueEpisodes = 0;
    let pastDueCleared = 0;
    let followUps = 0;
    let followUpsCompleted = 0;
    let replayError: unknown = null;

    // Replays every event as the command that would have produced it, through the real deciders.
    beforeAll(() => {
      try {
        for (const { streamId, event } of events) {
          // The generator writes only domain roles; the store's metadata type is wider (string).
          const metadata: CalendarCommandMetadata = {
            now: event.metadata.occurredAt,
            actor: event.metadata.actor as CalendarCommandMetadata['actor'],
            // The generator dates arrears on the bank's calendar in Shanghai.
            calendar: weekdaysCalendar('Asia/Shanghai'),
          };
          if (streamId.startsWith('manager-')) {
            const domainEvent = { type: event.type, data: event.data } as ManagerEvent;
            const state = managerStates.get(streamId.slice('manager-'.length)) ?? managerDecider.initialState();
            expect(managerDecider.decide(managerCommandFor(domainEvent, metadata), state)).toEqual([domainEvent]);
            managerStates.set(streamId.slice('manager-'.length), managerDecider.evolve(state, domainEvent));
            continue;
          }
          const domainEvent = { type: event.type, data: event.data } as ClientEvent;
          const state = clientStates.get(streamId) ?? clientDecider.initialState();
          const decided = clientDecider.decide(clientCommandFor(domainEvent, state, managerStates, metadata), state);
          // A detractor's answer also opens its manager's recovery task (§63), which the generator leaves out.
          const recovery = domainEvent.type === 'SatisfactionRecorded' ? decided.slice(1) : [];
          expect(decided).toEqual([domainEvent, ...recovery]);
          expect(recovery.map((decidedEvent) => decidedEvent.type)).toEqual(
            recovery.length === 0 ? [] : ['TaskCreated'],
          );
          const next = [domainEvent, ...recovery].reduce(clientDecider.evolve, state);
          clientStates.set(streamId, next);
          if (domainEvent.type === 'ProspectRegistered') clientOrder.push(domainEvent.data.clientId);
          if (domainEvent.type === 'ClientTierChanged' && domainEvent.data.annualContribution !== undefined)
            contributions.push(Number(domainEvent.data.annualContribution));
          if (domainEvent.type === 'ContactLogged' && state.status !== 'none' && state.tier !== null)
            contactsByTier[state.tier] += 1;
          if (domainEvent.type === 'ContactLogged' && domainEvent.data.followUpDue !== undefined) followUps += 1;
          if (domainEvent.type === 'FollowUpCompleted') followUpsCompleted += 1;
          if (
            domainEvent.type === 'PaymentPastDue' &&
            state.status !== 'none' &&
            state.facilities.get(domainEvent.data.facilityId)?.overdueSince === null
          )
            pastDueEpisodes += 1;
          if (domainEvent.type === 'PastDueCleared') pastDueCleared += 1;
        }
      } catch (error) {
        replayError = error;
      }
    });

    it('replays through the client and manager deciders: every event is what a valid command decides', () => {
      expect(replayError).toBeNull();
      expect(clientStates.size).toBe(5_000);
      expect(managerStates.size).toBe(data.managers.length);
    });

    it('is in global time order with unique, uuid-shaped ids; client ids increase with creation', () => {
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
      for (let i = 1; i < events.length; i++) {
        if (events[i].event.metadata.occurredAt <= events[i - 1].event.metadata.occurredAt)
          throw new Error(`event ${i} is out of time order`);
      }
      expect(Date.parse(events[events.length - 1].event.metadata.occurredAt)).toBeLessThan(data.end);
      expect(new Set(events.map((e) => e.event.eventId)).size).toBe(events.length);
      expect(clientOrder.every((id) => uuid.test(id))).toBe(true);
      expect(clientOrder.every((id, i) => i === 0 || id > clientOrder[i - 1])).toBe(true);
    });

    it('has Pareto contributions: the top 20 % bring 70–90 % of the contribution, and tiers follow the rank', () => {
      const share = topShare(contributions, 0.2);
      expect(share).toBeGreaterThan(0.7);
      expect(share).toBeLessThan(0.9);
      const tiers = [...clientStates.values()].flatMap((s) => (s.status !== 'none' && s.tier !== null ? [s.tier] : []));
      const core = tiers.filter((t) => t === 'core').length / tiers.length;
      expect(core).toBeGreaterThan(0.04);
      expect(core).toBeLessThan(0.06);
      expect(tiers.length / clientStates.size).toBeGreaterThan(0.8);
    });

    it('covers core clients mostly with senior or principal managers, with few exceptions', () => {
      const levelOf = (managerId: string) => {
        const manager = managerStates.get(managerId);
        return manager !== undefined && manager.status !== 'none' ? manager.level : 'associate';
      };
      const core = [...clientStates.values()].filter((s) => s.status !== 'none' && s.tier === 'core');
      const covered = core.filter(
        (s) => s.status !== 'none' && s.manager !== null && canCoverCoreClient(levelOf(s.manager.managerId)),
      );
      expect(core.length).toBeGreaterThan(100);
      expect(covered.length / core.length).toBeGreaterThan(0.9);
      const levels = data.managers.map((m) => m.level);
      expect(levels.filter((l) => l === 'associate').length).toBeGreaterThan(
        levels.filter((l) => l === 'senior').length,
      );
      expect(levels.filter((l) => l === 'senior').length).toBeGreaterThan(
        levels.filter((l) => l === 'principal').length,
      );
    });

    it('spreads contacts over two years, more often for core clients, with follow-ups partly completed', () => {
      const times = events
        .filter((e) => e.event.type === 'ContactLogged')
        .map((e) => Date.parse(e.event.metadata.occurredAt));
      expect(Math.min(...times) - data.start).toBeLessThan(30 * 86_400_000);
      expect(data.end - Math.max(...times)).toBeLessThan(2 * 86_400_000);
      const count = (tier: ClientTier) =>
        [...clientStates.values()].filter((s) => s.status !== 'none' && s.tier === tier).length;
      expect(contactsByTier.core / count('core')).toBeGreaterThan(3 * (contactsByTier.basic / count('basic')));
      expect(followUpsCompleted).toBeGreaterThan(followUps * 0.6);
      expect(followUpsCompleted).toBeLessThan(followUps);
    });

    it('has occasional delinquencies, most of them cleared', () => {
      expect(pastDueEpisodes).toBeGreaterThan(50);
      expect(pastDueCleared / pastDueEpisodes).toBeGreaterThan(0.7);
      const stillPastDue = [...clientStates.values()].filter(
        (s) => s.status !== 'none' && [...s.facilities.values()].some((f) => f.overdueSince !== null),
      );
      expect(stillPastDue.length / clientStates.size).toBeLessThan(0.05);
    });

    it('cross-sells more to core clients, and has surveys, complaints, risk flags and facilities', () => {
      const openHoldings = (tier: ClientTier) => {
        const states = [...clientStates.values()].filter((s) => s.status !== 'none' && s.tier === tier);
        const open = states.reduce(
          (sum, s) =>
            sum + (s.status === 'none' ? 0 : [...s.holdings.values()].filter((h) => h.status === 'open').length),
          0,
        );
        return open / states.length;
      };
      expect(openHoldings('core')).toBeGreaterThan(2 * openHoldings('basic'));
      const types = data.stats.byType;
      for (const type of [
        'SatisfactionRecorded',
        'ComplaintReceived',
        'ComplaintResolved',
        'RiskFlagRaised',
        'RiskFlagCleared',
        'CreditLimitSet',
        'CreditUtilisationReported',
        'FinancialsReported',
        'ManagerLevelChanged',
      ]) {
        expect(types[type] ?? 0).toBeGreaterThan(0);
      }
      expect(data.stats.events).toBe(events.length);
    });
  });
});
