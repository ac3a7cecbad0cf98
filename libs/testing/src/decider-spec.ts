import {
  type Command,
  type CommandMetadata,
  type Decider,
  type DomainErrorKind,
  type Event,
  DomainError,
} from '@crm/domain';

/**
 * Given/when/then for deciders:
 *   spec.given([events]).when(command).then([events])
 *   spec.given([events]).when(command).thenThrows('CLIENT.NOT_FOUND', { kind: 'not_found' })
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
              thenThrows(
                code: string,
                expected: Readonly<{ kind?: DomainErrorKind; field?: string }> = {},
              ): DomainError {
                let caught: unknown;
                try {
                  run();
                } catch (error) {
                  caught = error;
                }
                expect(caught).toBeInstanceOf(DomainError);
                const error = caught as DomainError;
                expect(error.code).toBe(code);
                if (expected.kind !== undefined) expect(error.kind).toBe(expected.kind);
                if (expected.field !== undefined) expect(error.field).toBe(expected.field);
                return error;
              },
            };
          },
        };
      },
    };
  },
};

/** `cmd('LogContact', { … })` with the data type checked against the command union. */
export const commandFactory =
  <C extends Command>(metadata: CommandMetadata) =>
  <T extends C['type']>(type: T, data: Extract<C, { type: T }>['data']): C =>
    ({ type, data, metadata }) as unknown as C;

/** `ev('ContactLogged', { … })` with the data type checked against the event union. */
export const eventFactory =
  <E extends Event>() =>
  <T extends E['type']>(type: T, data: Extract<E, { type: T }>['data']): E =>
    ({ type, data }) as unknown as E;
