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

/** How deep below the top of a log object a field is still found (pino paths have no `**`). */
const DEPTH = 4;

const pathsFor = (field: string): string[] =>
  Array.from({ length: DEPTH }, (_, depth) => [...Array<string>(depth).fill('*'), field].join('.'));

/** For every pino logger in the apps: `pino({ redact: LOG_REDACTION, … })`. */
export const LOG_REDACTION: redactOptions = {
  paths: [
    ...REDACTED_FIELDS.flatMap(pathsFor),
    'body',
    '*.body',
    'req.headers.authorization',
    'req.headers.cookie',
    'req.headers["x-api-key"]',
    'res.headers["set-cookie"]',
  ],
  censor: '[redacted]',
};
