import type { redactOptions } from 'pino';

/**
 * Fields that hold personal data (docs/security.md, What is personal; contact details) or secrets.
 * Request bodies are never logged; this is the net under that rule for anything that logs an
 * object (a DTO, an event, an error with context) by mistake.
 */
export const REDACTED_FIELDS: readonly string[] = [
  'legalName',
  'registrationNo',
  'contact',
  'phone',
  'email',
  'summary',
  'text',
  'note',
  'comment',
  'name',
  'referredBy',
  'authorization',
  'cookie',
  'password',
  'secret',
  'token',
  'jwtSecret',
  'databaseUrl',
  'dataKeySecret',
];

/**
 * Where a log line may hold such fields: at its top, or in the objects the apps log under these
 * keys (a command or DTO, an event and its data, a configuration, an error and its context). The
 * paths are exact on purpose: pino turns wildcard paths into code that walks every object of
 * every line, which cost ~100 µs per request line, far more than the line itself. An object
 * logged under a new key needs that key here (log-redaction.spec.ts checks every one).
 */
export const REDACTED_PARENTS: readonly string[] = [
  '',
  'command',
  'dto',
  'body',
  'event',
  'event.data',
  'data',
  'config',
  'context',
  'details',
  'err',
  'error',
];

/** Logged whole never: bodies and the request and response headers that carry credentials. */
const REDACTED_WHOLE: readonly string[] = [
  'body',
  'req.body',
  'res.body',
  'request.body',
  'response.body',
  ...['req', 'request'].flatMap((request) => [
    `${request}.headers.authorization`,
    `${request}.headers.cookie`,
    `${request}.headers["x-api-key"]`,
  ]),
  'res.headers["set-cookie"]',
  'response.headers["set-cookie"]',
];

/** For every pino logger in the apps: `pino({ redact: LOG_REDACTION, … })`. */
export const LOG_REDACTION: redactOptions = {
  paths: [
    ...REDACTED_PARENTS.flatMap((parent) => REDACTED_FIELDS.map((field) => (parent ? `${parent}.${field}` : field))),
    ...REDACTED_WHOLE,
  ],
  censor: '[redacted]',
};
