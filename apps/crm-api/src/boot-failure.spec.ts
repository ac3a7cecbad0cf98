import { ConfigError } from '@crm/platform';
import { bootFailureLine } from './boot-failure';

describe('bootFailureLine', () => {
  const config = {
    port: 3000,
    host: '127.0.0.1',
    eventStore: 'postgres',
    databaseUrl: 'postgres://crm:s3cret-password@db.bank.internal:6432/crm',
  } as const;

  it('names the database by host and port only, whatever the failure code', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', '28P01', '3D000']) {
      const line = bootFailureLine(Object.assign(new Error('x'), { code }), config);
      expect(line).toMatch(/^crm api cannot reach PostgreSQL at db\.bank\.internal:6432: it /);
      expect(line).not.toContain('s3cret');
    }
  });

  it('names the variable at fault, the busy port, the foreign data key, or else the first line of the message', () => {
    expect(bootFailureLine(new ConfigError('PORT', 'must be an integer'), null)).toBe(
      'invalid configuration: PORT must be an integer (see the configuration table in README.md)',
    );
    expect(bootFailureLine(Object.assign(new Error('listen'), { code: 'EADDRINUSE' }), config)).toBe(
      'crm api cannot listen on 127.0.0.1:3000: the port is in use; stop what listens there or set PORT',
    );
    const foreignKey = Object.assign(new Error('the data key of c-1 is wrapped by master key k2'), {
      name: 'DataKeyError',
    });
    expect(bootFailureLine(foreignKey, config)).toMatch(/^crm api cannot read the stored data keys/);
    expect(bootFailureLine(new Error('invalid bank calendar x.json: bad\n  at somewhere'), config)).toBe(
      'crm api failed to start: invalid bank calendar x.json: bad',
    );
  });
});
