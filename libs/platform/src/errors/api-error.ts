/** The one error body every route answers with. */
export type FieldError = Readonly<{ field: string; message: string }>;

export type ApiErrorBody = Readonly<{
  code: string;
  message: string;
  errors: readonly FieldError[];
  /** On a 412 only: the revision the resource has now (null when it does not exist yet). */
  currentRevision?: number | null;
}>;

/** An error raised by the HTTP layer itself (validation, preconditions, idempotency). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: readonly FieldError[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
