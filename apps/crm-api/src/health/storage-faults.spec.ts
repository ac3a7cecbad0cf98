import { StorageFaults } from './storage-faults';

describe('StorageFaults', () => {
  const at = new Date('2026-12-02T10:00:00.000Z');

  it('keeps the first refusal of a kind, until a write succeeds', () => {
    const faults = new StorageFaults();
    faults.refused('STORAGE.FULL', at);
    faults.refused('STORAGE.FULL', new Date('2026-12-02T10:05:00.000Z'));
    expect(faults.current()).toEqual({ code: 'STORAGE.FULL', since: '2026-12-02T10:00:00.000Z' });
    faults.answered();
    expect(faults.current()?.code).toBe('STORAGE.FULL');
    faults.wrote();
    expect(faults.current()).toBeNull();
  });

  it('clears a database out of reach once it answers again', () => {
    const faults = new StorageFaults();
    faults.refused('STORAGE.UNAVAILABLE', at);
    faults.answered();
    expect(faults.current()).toBeNull();
  });
});
