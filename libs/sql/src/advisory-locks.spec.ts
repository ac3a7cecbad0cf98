import { ADVISORY_LOCK_CLASS, advisoryLockKey, fnv1a32 } from './advisory-locks';

describe('advisory lock keys', () => {
  // Values of the implementation the event store and access log shipped with: the event store's
  // append function has its position lock key written into its SQL at migration time, so a
  // changed hash would have new processes and old functions lock different keys.
  it.each([
    ['', -2128831035],
    ['a', -468965076],
    ['crm', -314255753],
    ['crm_test', -204903748],
    ['public', -862940288],
    ['schéma', 1479149219],
    ['x'.repeat(63), 890341695],
  ])('fnv1a32(%j) is %d, as it always was', (text, hash) => {
    expect(fnv1a32(text)).toBe(hash);
  });

  it('hashes to a signed 32-bit integer, as int4 lock keys need', () => {
    for (const text of ['crm', 'a_long_schema_name_of_sixty_three_bytes_xxxxxxxxxxxxxxxxxxxxxxxx', 'ünïcödé']) {
      const hash = fnv1a32(text);
      expect(Number.isInteger(hash)).toBe(true);
      expect(hash).toBeGreaterThanOrEqual(-(2 ** 31));
      expect(hash).toBeLessThan(2 ** 31);
    }
  });

  it('keys a lock by its class and the schema, as the event store always did', () => {
    expect(advisoryLockKey(ADVISORY_LOCK_CLASS.eventStoreMigrations, 'crm')).toEqual([1129467137, -314255753]);
    expect(advisoryLockKey(ADVISORY_LOCK_CLASS.eventStorePositions, 'crm')).toEqual([1129467138, -314255753]);
  });

  it('gives every lock class a number of its own', () => {
    const classes = Object.values(ADVISORY_LOCK_CLASS);
    expect(new Set(classes).size).toBe(classes.length);
  });
});
