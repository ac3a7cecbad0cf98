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
