/**
 * The reply a batch line's route is handed instead of Fastify's: what its handlers, interceptors
 * and exception filter do with a reply (set a status such as 202, add headers, send an error
 * body) is kept, for the line's answer; headers have nowhere to go and are dropped.
 */
export class LineReply {
  sent = false;
  payload: unknown = undefined;
  /** The exception filter checks the raw response for headers an earlier hook set: none here. */
  readonly raw = { hasHeader: (): boolean => false };

  /**
   * `statusCode` starts as the route's declared status, as Nest's router sets it before the
   * interceptors run: the Idempotency-Key interceptor stores the status it finds for the replay.
   */
  constructor(public statusCode: number) {}

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(): this {
    return this;
  }

  send(payload: unknown): this {
    this.payload = payload;
    this.sent = true;
    return this;
  }
}
