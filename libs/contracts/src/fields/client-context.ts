import { CLIENT_TIERS, SEGMENTS, type ClientTier, type Segment } from '@crm/domain';
import { CODE_PATTERN } from './patterns';

/**
 * `data.context` of every client message: where the client stood just after the event, so a
 * consumer routes a message (by branch, tier, segment, manager) without keeping a client table.
 */
export type MessageClientContext = Readonly<{
  branchId: string;
  segment: Segment;
  tier: ClientTier | null;
  managerId: string | null;
}>;

const code = (value: unknown): value is string => typeof value === 'string' && CODE_PATTERN.test(value);
const oneOf = (values: readonly string[], value: unknown): boolean =>
  typeof value === 'string' && values.includes(value);
const KEYS = ['branchId', 'segment', 'tier', 'managerId'];

export const isMessageClientContext = (value: unknown): value is MessageClientContext => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const context = value as Readonly<Record<string, unknown>>;
  return (
    Object.keys(context).every((key) => KEYS.includes(key)) &&
    code(context.branchId) &&
    oneOf(SEGMENTS, context.segment) &&
    (context.tier === null || oneOf(CLIENT_TIERS, context.tier)) &&
    (context.managerId === null || code(context.managerId))
  );
};

/** The same rule as JSON Schema, for the published schemas. */
export const CLIENT_CONTEXT_SCHEMA = {
  type: 'object',
  properties: {
    branchId: { type: 'string', pattern: CODE_PATTERN.source, description: 'Branch the client belongs to.' },
    segment: { enum: [...SEGMENTS], description: 'Customer segment.' },
    tier: { enum: [...CLIENT_TIERS, null], description: 'Value tier; null until graded.' },
    managerId: {
      type: ['string', 'null'],
      pattern: CODE_PATTERN.source,
      description: 'Relationship manager covering the client; null while none does.',
    },
  },
  required: KEYS,
  additionalProperties: false,
} as const;

/**
 * The published part of the context an event's metadata recorded (which also holds the lifecycle
 * and the credit grade), or undefined for an event recorded without one.
 */
export const messageContextOf = (
  recorded: Readonly<Record<string, unknown>> | undefined,
): Readonly<Record<string, unknown>> | undefined =>
  recorded === undefined
    ? undefined
    : {
        branchId: recorded.branchId,
        segment: recorded.segment,
        tier: recorded.tier ?? null,
        managerId: recorded.managerId ?? null,
      };
