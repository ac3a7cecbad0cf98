import type { Command } from '@crm/domain';
import type { Decider } from '@crm/domain';
import type { Event } from '@crm/domain';
import { DomainError } from '@crm/domain';

/**
 * Given/when/then for deciders:
 *   spec.given([events]).when(command).then([events])
 *   spec.given([events]).when(command).thenThrows('CLIENT.NOT_FOUND')
 */
export const DeciderSpecification = {
  for<S, C extends Command, E extends Event>(decider: Decider<S, C, E>) {
    return {
      given(events: readonly E[]) {
        return {
          when(command: C) {
            const run = (): E[] => {
              const state = events.reduce(decider.evolve, decider.initialState());
              return decider.decide(command, state);
            };
            return {
              then(expected: readonly E[]): void {
                expect(run()).toEqual(expected);
              },
              thenThrows(code: string): DomainError {
                let caught: unknown;
                try {
                  run();
                } catch (error) {
                  caught = error;
                }
                expect(caught).toBeInstanceOf(DomainError);
                expect((caught as DomainError).code).toBe(code);
                return caught as DomainError;
              },
            };
          },
        };
      },
    };
  },
};
