/**
 * A read-model query refused for its input (a cursor no page handed out, a limit out of range).
 * The API answers it with 400 and `{ field, message }`; anything else a query throws is a fault.
 */
export class InvalidQueryError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidQueryError';
  }
}
