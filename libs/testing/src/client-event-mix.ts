import {
  type ClientEvent,
  type ManagerEvent,
  CLIENT_TIERS,
  CONTACT_CHANNELS,
  CONTACT_PURPOSES,
  CREDIT_RATINGS,
  LOAN_CLASSIFICATIONS,
  MANAGER_LEVELS,
  PRODUCT_CATEGORIES,
  RISK_FLAG_TYPES,
  SEGMENTS,
  SEVERITIES,
  addDays,
  currentSchemaVersion,
} from '@crm/domain';
import type { EventStore, NewEvent } from '@crm/event-store';

/**
 * A deterministic, realistic mix of manager and client events for projector tests and the
 * rebuild bench: managers register first, every client registers before anything else happens to
 * it, then contacts, credit, risk, product, survey and complaint events follow across clients.
 * Events are appended directly (no deciders), so the mix covers every event type cheaply.
 */
export type MixedEvent = Readonly<{ streamId: string; event: NewEvent }>;

export type ClientEventMixOptions = Readonly<{ clients: number; managers: number; events: number; seed?: number }>;

const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
/** uuid-v7-shaped ids from a counter, so runs are reproducible. */
const uuid = (kind: number, n: number): string =>
  `0190a4c2-${hex(kind, 4)}-7${hex((n >>> 24) & 0xfff, 3)}-8${hex((n >>> 12) & 0xfff, 3)}-${hex(n & 0xffffffff, 12)}`;

type ClientState = {
  facilities: number;
  flags: string[];
  holdings: string[];
  complaints: string[];
  followUps: string[];
  rating: number;
};

export const generateClientEventMix = (options: ClientEventMixOptions): MixedEvent[] => {
  const random = mulberry32(options.seed ?? 42);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const out: MixedEvent[] = [];
  let clock = Date.parse('2024-01-01T00:00:00.000Z');
  let counter = 0;
  const push = (streamId: string, event: ClientEvent | ManagerEvent): void => {
    counter += 1;
    clock += 37_000;
    const occurredAt = new Date(clock).toISOString();
    out.push({
      streamId,
      event: {
        eventId: uuid(0xe, counter),
        type: event.type,
        data: event.data,
        metadata: {
          occurredAt,
          correlationId: uuid(0xc, counter),
          causationId: uuid(0xc, counter),
          actor: { userId: `u-${counter % 50}`, role: 'relationship_manager' },
        },
        schemaVersion: currentSchemaVersion(event.type),
      },
    });
  };

  const managerIds = Array.from({ length: options.managers }, (_, i) => `m-${hex(i, 5)}`);
  for (const managerId of managerIds) {
    push(`manager-${managerId}`, {
      type: 'ManagerRegistered',
      data: {
        managerId,
        name: `Manager ${managerId}`,
        branchId: `br-${hex(managerIds.indexOf(managerId) % 20, 2)}`,
        level: pick(MANAGER_LEVELS),
      },
    });
  }
  const clientIds = Array.from({ length: options.clients }, (_, i) => uuid(0xa, i + 1));
  const states = new Map<string, ClientState>();
  for (const clientId of clientIds) {
    push(`client-${clientId}`, {
      type: 'ProspectRegistered',
      data: {
        clientId,
        branchId: `br-${hex(Math.floor(random() * 20), 2)}`,
        segment: pick(SEGMENTS),
        industry: pick(['manufacturing', 'retail', 'logistics', 'agriculture', 'technology']),
        legalName: `Client ${clientId.slice(-6)} Co., Ltd.`,
        registrationNo: `9131${clientId.slice(-12)}`,
        contact: { phone: '+86 21 5555 0000', email: `c${clientId.slice(-6)}@example.cn` },
        source: pick(['referral', 'branch_walk_in', 'campaign']),
      },
    });
    states.set(clientId, { facilities: 0, flags: [], holdings: [], complaints: [], followUps: [], rating: 3 });
  }

  let n = 0;
  while (out.length < options.events) {
    n += 1;
    const roll = random();
    if (roll < 0.01 && managerIds.length > 0) {
      const managerId = pick(managerIds);
      push(
        `manager-${managerId}`,
        random() < 0.8
          ? { type: 'ManagerLevelChanged', data: { from: 'associate', to: pick(MANAGER_LEVELS), reason: 'review' } }
          : { type: 'ManagerDeparted', data: { departedAt: new Date(clock).toISOString(), reason: 'left' } },
      );
      continue;
    }
    const clientId = clientIds[Math.floor(random() * clientIds.length)];
    const stream = `client-${clientId}`;
    const s = states.get(clientId) as ClientState;
    const id = `${n}`;
    const at = new Date(clock).toISOString();
    const kind = Math.floor(random() * 22);
    switch (kind) {
      case 0:
        push(stream, { type: 'ProspectConverted', data: { convertedAt: at } });
        break;
      case 1:
        push(stream, { type: 'ClientProfileUpdated', data: { changes: { industry: pick(['retail', 'logistics']) } } });
        break;
      case 2:
        push(stream, {
          type: 'ManagerAssigned',
          data: { managerId: pick(managerIds), managerLevel: pick(MANAGER_LEVELS), reason: 'coverage' },
        });
        break;
      case 3:
        push(stream, {
          type: 'ClientTierChanged',
          data: {
            from: null,
            to: pick(CLIENT_TIERS),
            annualContribution: `${Math.floor(random() * 1e7)}.00`,
            reason: 'annual review',
          },
        });
        break;
      case 4:
      case 5:
      case 6: {
        const followUp = random() < 0.4;
        if (followUp) s.followUps.push(`c-${id}`);
        push(stream, {
          type: 'ContactLogged',
          data: {
            contactId: `c-${id}`,
            managerId: pick(managerIds),
            channel: pick(CONTACT_CHANNELS),
            purpose: pick(CONTACT_PURPOSES),
            summary: 'Discussed working capital needs.',
            occurredAt: at,
            ...(followUp ? { followUpDue: new Date(clock + 7 * 86_400_000).toISOString() } : {}),
          },
        });
        break;
      }
      case 7: {
        const contactId = s.followUps.shift();
        if (contactId !== undefined) push(stream, { type: 'FollowUpCompleted', data: { contactId, completedAt: at } });
        break;
      }
      case 8:
        push(stream, {
          type: 'FeedbackForwarded',
          data: { feedbackId: `fb-${id}`, department: 'product', text: 'Wants lower fees.' },
        });
        break;
      case 9:
        push(stream, {
          type: 'FinancialsReported',
          data: {
            period: `${2019 + Math.floor(random() * 6)}`,
            revenue: '1000000.00',
            netProfit: '80000.00',
            totalAssets: '5000000.00',
            totalLiabilities: '3000000.00',
            currency: 'CNY',
          },
        });
        break;
      case 10: {
        const to = Math.max(0, Math.min(CREDIT_RATINGS.length - 1, s.rating + (random() < 0.5 ? 1 : -1)));
        push(stream, {
          type: 'CreditRatingChanged',
          data: { from: CREDIT_RATINGS[s.rating], to: CREDIT_RATINGS[to], notches: to - s.rating, reason: 'review' },
        });
        s.rating = to;
        break;
      }
      case 11:
        push(stream, {
          type: 'LoanClassificationChanged',
          data: { from: null, to: pick(LOAN_CLASSIFICATIONS), reason: 'review' },
        });
        break;
      case 12:
      case 13: {
        s.facilities += 1;
        push(stream, {
          type: 'CreditLimitSet',
          data: { facilityId: `f-${s.facilities}`, limit: `${1 + Math.floor(random() * 900)}0000.00`, currency: 'CNY' },
        });
        break;
      }
      case 14:
        if (s.facilities > 0)
          push(stream, {
            type: 'CreditUtilisationReported',
            data: {
              facilityId: `f-${1 + Math.floor(random() * s.facilities)}`,
              drawn: `${Math.floor(random() * 900000)}.50`,
            },
          });
        break;
      case 15:
        if (s.facilities > 0)
          push(stream, {
            type: 'PaymentPastDue',
            data: {
              facilityId: `f-${1 + Math.floor(random() * s.facilities)}`,
              ...((days) => ({ overdueSince: addDays('2026-06-30', -days), daysPastDue: days }))(
                1 + Math.floor(random() * 120),
              ),
              amountOverdue: '15000.00',
            },
          });
        break;
      case 16:
        if (s.facilities > 0)
          push(stream, {
            type: 'PastDueCleared',
            data: { facilityId: `f-${1 + Math.floor(random() * s.facilities)}` },
          });
        break;
      case 17: {
        if (s.flags.length > 0 && random() < 0.5) {
          push(stream, { type: 'RiskFlagCleared', data: { flagId: s.flags.shift() as string, reason: 'resolved' } });
        } else {
          s.flags.push(`rf-${id}`);
          push(stream, {
            type: 'RiskFlagRaised',
            data: {
              flagId: `rf-${id}`,
              type: pick(RISK_FLAG_TYPES),
              severity: pick(SEVERITIES),
              note: 'Court filing found.',
            },
          });
        }
        break;
      }
      case 18: {
        if (s.holdings.length > 0 && random() < 0.3) {
          push(stream, {
            type: 'ProductHoldingClosed',
            data: { holdingId: s.holdings.shift() as string, reason: 'matured' },
          });
        } else {
          s.holdings.push(`h-${id}`);
          push(stream, {
            type: 'ProductHoldingOpened',
            data: {
              holdingId: `h-${id}`,
              productCode: `P-${Math.floor(random() * 40)}`,
              category: pick(PRODUCT_CATEGORIES),
              amount: `${Math.floor(random() * 1e6)}.00`,
            },
          });
        }
        break;
      }
      case 19: {
        const nps = random() < 0.5;
        push(stream, {
          type: 'SatisfactionRecorded',
          data: {
            surveyId: `s-${id}`,
            kind: nps ? 'nps' : 'csat',
            score: nps ? Math.floor(random() * 11) : 1 + Math.floor(random() * 5),
            comment: 'Fine.',
            managerId: pick(managerIds),
          },
        });
        break;
      }
      case 20:
        s.complaints.push(`cp-${id}`);
        push(stream, {
          type: 'ComplaintReceived',
          data: { complaintId: `cp-${id}`, category: 'fees', text: 'Fee too high.' },
        });
        break;
      default: {
        const complaintId = s.complaints.shift();
        if (complaintId !== undefined)
          push(stream, { type: 'ComplaintResolved', data: { complaintId, resolution: 'refunded' } });
      }
    }
  }
  return out.slice(0, options.events);
};

/**
 * Appends the mix in order. Appends issued together are group-committed by the SQLite store, so
 * chunks keep loading fast; within a chunk, appends to one stream keep their order.
 */
export const appendClientEventMix = async (
  store: EventStore,
  mix: readonly MixedEvent[],
  chunk = 2000,
  onProgress?: (done: number) => void,
): Promise<void> => {
  for (let i = 0; i < mix.length; i += chunk) {
    await Promise.all(
      mix.slice(i, i + chunk).map((m) => store.appendToStream(m.streamId, [m.event], { expectedRevision: 'any' })),
    );
    onProgress?.(Math.min(mix.length, i + chunk));
  }
};
