import { workerPhaseOf } from './worker-phase';

describe('workerPhaseOf', () => {
  it('is starting before the first start has ended, failing after a failed one, running once started', () => {
    expect(workerPhaseOf({ running: false, startError: null })).toBe('starting');
    expect(workerPhaseOf({ running: false, startError: 'connect ECONNREFUSED' })).toBe('failing');
    expect(workerPhaseOf({ running: true, startError: null })).toBe('running');
  });
});
