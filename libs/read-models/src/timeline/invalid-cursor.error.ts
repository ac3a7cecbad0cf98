import { InvalidQueryError } from '../queries/invalid-query.error';

/** A cursor that no page ever handed out (timeline `before`, client search `cursor`). */
export class InvalidCursorError extends InvalidQueryError {
  constructor(field = 'before', message = 'invalid timeline cursor') {
    super(field, message);
    this.name = 'InvalidCursorError';
  }
}
