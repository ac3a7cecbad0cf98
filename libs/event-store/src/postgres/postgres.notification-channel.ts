/**
 * NOTIFY channel of one schema's event store. Channel names longer than 63 bytes are refused by
 * pg_notify, so long schema names are cut; two schemas sharing a cut name only wake each other's
 * subscriptions needlessly, they never miss anything.
 */
export const notificationChannel = (schema: string): string => `event_store_${schema}`.slice(0, 63);
