import { maskEmail, maskIdentifier, maskPersonalData, maskPhone, maskRegistrationNo } from './personal-data-masking';

describe('personal data masking', () => {
  it('keeps the first and last 4 characters of a registration number, with 8 stars whatever its length', () => {
    expect(maskRegistrationNo('91310000MA1FL0001X')).toBe('9131********001X');
    expect(maskRegistrationNo('9131000001X')).toBe('91********1X');
    expect(maskRegistrationNo('RN-12345')).toBe('RN********45');
    expect(maskRegistrationNo('RN-1')).toBe('R********1');
    expect(maskRegistrationNo('abc')).toBe('********');
    expect(maskRegistrationNo('')).toBe('********');
  });

  it('masks the middle digits of a phone number in place, keeping separators, prefix and the last 4', () => {
    expect(maskPhone('+86 21 5555 0100')).toBe('+86 21 **** 0100');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+8612345678')).toBe('+861****678');
    expect(maskPhone('+86 138 1234 5678')).toBe('+86 13* **** 5678');
    expect(maskPhone('12345')).toBe('****5');
    expect(maskPhone('1234')).toBe('****');
    expect(maskPhone('ext')).toBe('ext');
  });

  it('reduces the local part of an e-mail address to its first character', () => {
    expect(maskEmail('cfo@example.cn')).toBe('c***@example.cn');
    expect(maskEmail('treasury@acme.example')).toBe('t***@acme.example');
    expect(maskEmail('x@y.z')).toBe('x***@y.z');
    expect(maskEmail('not-an-address')).toBe('***');
    expect(maskEmail('@example.cn')).toBe('***');
  });

  it('never masks what erasure left', () => {
    for (const kind of ['registrationNo', 'phone', 'email'] as const)
      expect(maskIdentifier(kind, '[erased]')).toBe('[erased]');
  });

  it('never lets a masked value contain the digits it hides', () => {
    const phone = '+86 21 6543 0100';
    expect(maskPhone(phone)).not.toContain('6543');
    expect(maskRegistrationNo('91310000MA1FL0001X')).not.toContain('MA1FL');
  });

  it('masks identifiers and drops free text at any depth, leaving everything else as it was', () => {
    const view = {
      id: 'c-1',
      legalName: 'Acme Tools Co., Ltd.',
      registrationNo: '91310000MA1FL0001X',
      contact: { phone: '+86 21 5555 0100', email: 'cfo@example.cn' },
      contacts: {
        total: 1,
        last: { occurredAt: '2026-01-10T09:00:00.000Z', channel: 'visit', summary: 'Met the CFO' },
      },
      credit: { rating: 'A', facilities: [{ id: 'F-1', limit: '100.00' }] },
      manager: null,
      revision: 7,
    };
    expect(maskPersonalData(view)).toEqual({
      id: 'c-1',
      legalName: 'Acme Tools Co., Ltd.',
      registrationNo: '9131********001X',
      contact: { phone: '+86 21 **** 0100', email: 'c***@example.cn' },
      contacts: { total: 1, last: { occurredAt: '2026-01-10T09:00:00.000Z', channel: 'visit' } },
      credit: { rating: 'A', facilities: [{ id: 'F-1', limit: '100.00' }] },
      manager: null,
      revision: 7,
    });
    const page = {
      entries: [
        { revision: 1, details: { contactId: 'k', summary: 's', text: 't', note: 'n', comment: 'c', score: 9 } },
      ],
      nextCursor: null,
    };
    expect(maskPersonalData(page)).toEqual({
      entries: [{ revision: 1, details: { contactId: 'k', score: 9 } }],
      nextCursor: null,
    });
    // The input is left alone.
    expect(view.registrationNo).toBe('91310000MA1FL0001X');
  });

  it('passes through values that are not JSON objects, and non-string identifiers', () => {
    expect(maskPersonalData(null)).toBeNull();
    expect(maskPersonalData('text')).toBe('text');
    expect(maskPersonalData([1, { phone: null }])).toEqual([1, { phone: null }]);
  });
});
