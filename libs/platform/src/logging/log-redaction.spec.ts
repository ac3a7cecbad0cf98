import { Writable } from 'node:stream';
import pino from 'pino';
import { LOG_REDACTION, REDACTED_FIELDS, REDACTED_PARENTS } from './log-redaction';

const linesOf = (log: (logger: pino.Logger) => void): string => {
  let output = '';
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => ((output += chunk.toString()), done()) });
  log(pino({ redact: LOG_REDACTION }, sink));
  return output;
};

/** `{ a: { b: { [field]: value } } }` for the parent path `a.b`. */
const nestedAt = (parent: string, field: string, value: unknown): Record<string, unknown> =>
  (parent ? parent.split('.') : [])
    .reverse()
    .reduce<Record<string, unknown>>((inner, key) => ({ [key]: inner }), { [field]: value });

describe('LOG_REDACTION', () => {
  it('hides personal data and secrets in the objects the apps log, to the depth they nest', () => {
    const output = linesOf((logger) => {
      logger.info({ legalName: 'Acme Secret Ltd', registrationNo: 'RN-SECRET-1' }, 'top level');
      logger.info(
        {
          event: {
            data: { contact: { phone: '+86 SECRET', email: 'cfo@secret.example' }, summary: 'met the SECRET cfo' },
          },
        },
        'nested',
      );
      logger.info(
        {
          command: {
            note: 'SECRET note',
            comment: 'SECRET comment',
            text: 'SECRET text',
            name: 'SECRET Name',
            referredBy: 'SECRET ref',
          },
        },
        'dto',
      );
      logger.info(
        {
          req: {
            headers: { authorization: 'Bearer SECRET.TOKEN.X', cookie: 'session=SECRET' },
            body: { anything: 'SECRET' },
          },
        },
        'request',
      );
      logger.info(
        {
          config: { jwtSecret: 'SECRET-jwt', databaseUrl: 'postgres://u:SECRET@db', dataKeySecret: 'SECRET-key' },
          token: 'SECRET-token',
        },
        'secrets',
      );
    });
    expect(output).not.toMatch(/SECRET/);
    expect(output.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(15);
  });

  it.each(REDACTED_PARENTS.map((parent) => [parent || '(top level)', parent]))(
    'hides every redacted field under %s',
    (_name, parent) => {
      const output = linesOf((logger) => {
        for (const field of REDACTED_FIELDS) logger.info(nestedAt(parent, field, `SECRET-${field}`), field);
      });
      expect(output).not.toMatch(/SECRET/);
      expect(output.match(/\[redacted\]/g)).toHaveLength(REDACTED_FIELDS.length);
    },
  );

  it('never logs a body or the credential headers of a request or an answer', () => {
    const output = linesOf((logger) => {
      logger.info({ body: { legalName: 'SECRET' } });
      for (const key of ['req', 'request'])
        logger.info({
          [key]: {
            method: 'GET',
            headers: { authorization: 'Bearer SECRET', cookie: 'SECRET', 'x-api-key': 'SECRET' },
            body: 'SECRET',
          },
        });
      for (const key of ['res', 'response'])
        logger.info({ [key]: { statusCode: 200, headers: { 'set-cookie': 'SECRET' }, body: 'SECRET' } });
    });
    expect(output).not.toMatch(/SECRET/);
    expect(output).toContain('"method":"GET"');
    expect(output).toContain('"statusCode":200');
  });

  it('leaves business facts alone', () => {
    const output = linesOf((logger) =>
      logger.info({ event: { type: 'CreditRatingChanged', data: { from: 'A', to: 'BB' } } }, 'fact'),
    );
    expect(output).toContain('"to":"BB"');
  });
});
