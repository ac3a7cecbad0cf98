/**
 * Kafka topics of the integration contract (docs/events.md, Topics). The version in a name changes only
 * with a breaking change.
 */
export const CLIENT_EVENTS_TOPIC = 'crm.client-events.v1';
export const RISK_ALERTS_TOPIC = 'crm.risk-alerts.v1';
export const DEAD_LETTER_TOPIC = 'crm.dead-letter.v1';
/** Compacted: the latest state of each client, keyed by client id; a tombstone once erased. */
export const CLIENT_STATE_TOPIC = 'crm.client-state.v1';
/** Facts other systems of the bank send the CRM (core banking, the survey tool), keyed by client id. */
export const INBOUND_CLIENT_FACTS_TOPIC = 'crm.inbound.client-facts.v1';
