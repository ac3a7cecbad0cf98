/**
 * Caller-given tokens (idempotency keys, event, correlation and causation ids): uuids in practice,
 * but any string of this shape is accepted, stored and echoed as it is.
 */
export const TOKEN_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
