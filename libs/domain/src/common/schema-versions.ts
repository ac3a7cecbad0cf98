/**
 * The schema version each event type is written at now; types not listed are at 1. A version goes
 * up when the shape of the data changes in a way older readers would misread; the event store
 * upcasts older versions on read (libs/event-store, upcasting), so deciders, projections and the
 * relay only ever see the current shape.
 */
const CURRENT_SCHEMA_VERSIONS: Readonly<Record<string, number>> = {
  // v2 dates the arrear (overdueSince); v1 carried days past due on the day of the report only.
  PaymentPastDue: 2,
};

export const currentSchemaVersion = (type: string): number =>
  Object.hasOwn(CURRENT_SCHEMA_VERSIONS, type) ? (CURRENT_SCHEMA_VERSIONS[type] ?? 1) : 1;
