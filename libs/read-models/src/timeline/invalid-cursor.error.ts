/** A timeline `before` cursor that no page ever handed out. */
export class InvalidCursorError extends Error {
  constructor() {
    super('invalid timeline cursor');
    this.name = 'InvalidCursorError';
  }
}
