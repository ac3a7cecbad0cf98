import { mulberry32 } from '@crm/testing';
import { decimalOfUnits, toUnits } from './decimal';

describe('decimalOfUnits', () => {
  test.each([
    ['1250.5', '1250.50'],
    ['0', '0.00'],
    ['7', '7.00'],
    ['0.1234', '0.1234'],
    ['12.340', '12.34'],
    ['12.305', '12.305'],
    ['-0.25', '-0.25'],
    ['-1000000.0001', '-1000000.0001'],
    ['999999999999999999.9999', '999999999999999999.9999'],
  ])('%s reads back as %s', (value, shown) => {
    expect(decimalOfUnits(toUnits(value))).toBe(shown);
  });

  test('a sum beyond one amount’s 18 digits stays exact', () => {
    const sum = toUnits('999999999999999999.9999') + toUnits('0.0001');
    expect(decimalOfUnits(sum)).toBe('1000000000000000000.00');
  });
});

describe('toUnits and decimalOfUnits on 20,000 random amounts', () => {
  /** The plain statement: the decimal's digits, four of them after the point, read as one bigint. */
  const plainUnits = (value: string): bigint => {
    const negative = value.startsWith('-');
    const [whole, fraction = ''] = (negative ? value.slice(1) : value).split('.');
    const units = BigInt(`${whole}${fraction.padEnd(4, '0')}`);
    return negative ? -units : units;
  };

  const random = mulberry32(2026);
  const digits = (count: number): string =>
    Array.from({ length: count }, (_, i) => String(Math.floor(random() * 10) || (i === 0 ? 1 : 0))).join('');
  const amounts = Array.from({ length: 20_000 }, () => {
    const whole = random() < 0.1 ? '0' : digits(1 + Math.floor(random() * 18));
    const fraction = random() < 0.3 ? '' : `.${digits(1 + Math.floor(random() * 4))}`;
    return `${random() < 0.2 ? '-' : ''}${whole}${fraction}`;
  });

  test('read each amount as the plain statement does, on both sides of 15 digits', () => {
    const lengths = new Set(amounts.map((amount) => amount.replace(/[-.]/g, '').length));
    expect(Math.min(...lengths)).toBeLessThan(15);
    expect(Math.max(...lengths)).toBeGreaterThan(16);
    for (const amount of amounts) expect(toUnits(amount)).toBe(plainUnits(amount));
  });

  test('show each amount, and each sum past 2^53 units, as a decimal that reads back the same', () => {
    for (const amount of amounts) {
      const units = toUnits(amount);
      for (const value of [units, units * 1000n + 1n, -units]) expect(plainUnits(decimalOfUnits(value))).toBe(value);
    }
  });

  test('show at the edge of exact doubles the same as on either side of it', () => {
    const edge = BigInt(Number.MAX_SAFE_INTEGER);
    expect(decimalOfUnits(edge)).toBe('900719925474.0991');
    expect(decimalOfUnits(edge + 1n)).toBe('900719925474.0992');
    expect(decimalOfUnits(-edge)).toBe('-900719925474.0991');
    expect(decimalOfUnits(120000n)).toBe('12.00');
    expect(decimalOfUnits(120500n)).toBe('12.05');
    expect(decimalOfUnits(5n)).toBe('0.0005');
  });
});
