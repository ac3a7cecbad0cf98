import { Writable } from 'node:stream';
import pino from 'pino';
import { LOG_REDACTION } from './log-redaction';

const linesOf = (log: (logger: pino.Logger) => void): string => {
  let output = '';
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => ((output += chunk.toString()), done()) });
  log(pino({ redact: LOG_REDACTION }, sink));
  return output;
};

describe('LOG_REDACTION', () => {
  it('hides personal data and secrets wherever an object is logged, up to four levels deep', () => {
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

  it('leaves business facts alone', () => {
    const output = linesOf((logger) =>
      logger.info({ event: { type: 'CreditRatingChanged', data: { from: 'A', to: 'BB' } } }, 'fact'),
    );
    expect(output).toContain('"to":"BB"');
  });
});
