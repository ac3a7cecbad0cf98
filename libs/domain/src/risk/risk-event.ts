/**
 * What the rules see of a client event. `type` is the domain event's name ('PaymentPastDue').
 * `data` is either the full domain event data (read from the store) or the data of the v1
 * integration message (read from Kafka), which leaves out personal and free-text fields
 * (names, contacts, reason, note, summary, text, comment). Rules therefore read only fields that
 * both carry, and read them defensively: data they cannot use is ignored, never thrown on.
 */
export type RiskEvent = Readonly<{
  eventId: string;
  type: string;
  /** When the event was recorded (ISO-8601); the rules' clock for this event. */
  occurredAt: string;
  data: Readonly<Record<string, unknown>>;
}>;
