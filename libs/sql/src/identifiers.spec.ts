import { isSchemaName } from '@crm/platform';
import { assertSchemaName, quoteIdentifier } from './identifiers';

describe('identifiers', () => {
  it.each(['crm', '_private', 'crm_test_1234_abcd', 'a'.repeat(63)])('accepts the schema name %j', (name) => {
    expect(isSchemaName(name)).toBe(true);
    expect(assertSchemaName(name)).toBe(name);
  });

  it.each([
    '',
    'Crm',
    '1crm',
    'crm-test',
    'crm test',
    'crm"; DROP SCHEMA crm CASCADE; --',
    'crm.events',
    'crm\n',
    'crmé',
    'a'.repeat(64),
  ])('refuses the schema name %j', (name) => {
    expect(isSchemaName(name)).toBe(false);
    expect(() => assertSchemaName(name)).toThrow(/invalid PostgreSQL schema name/);
  });

  it('double-quotes an identifier, doubling the quotes inside it', () => {
    expect(quoteIdentifier('client_view')).toBe('"client_view"');
    expect(quoteIdentifier('odd"name')).toBe('"odd""name"');
    expect(quoteIdentifier('x"; DROP TABLE t; --')).toBe('"x""; DROP TABLE t; --"');
  });
});
