import { generateClientEventMix as benchCopy } from '../../../test/bench/client-event-mix';
import { generateClientEventMix } from './client-event-mix';

/** The rebuild bench keeps its own copy (it is built without libs/testing); its figures only mean something if it stays this mix. */
describe('client event mix', () => {
  it('is the same in the bench copy', () => {
    const options = { clients: 50, managers: 5, events: 3000, seed: 2024 };
    expect(benchCopy(options)).toEqual(generateClientEventMix(options));
  });
});
