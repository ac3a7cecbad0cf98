/** One field the API named as wrong, with its message (shown beside the field). */
export type FieldError = Readonly<{ field: string; message: string }>;

/** A non-2xx answer of the API: its status, stable code, message for people and field errors. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: readonly FieldError[],
  ) {
    super(message);
  }

  /** The message for one field, if the API named it. */
  forField(field: string): string | undefined {
    return this.errors.find((error) => error.field === field)?.message;
  }
}

type ErrorBody = { code?: unknown; message?: unknown; errors?: unknown };

const failureOf = async (response: Response): Promise<ApiFailure> => {
  const body = (await response.json().catch(() => ({}))) as ErrorBody;
  const errors = Array.isArray(body.errors)
    ? body.errors.filter(
        (error): error is FieldError =>
          typeof error === 'object' && error !== null && typeof (error as FieldError).field === 'string',
      )
    : [];
  return new ApiFailure(
    response.status,
    typeof body.code === 'string' ? body.code : `HTTP.${response.status}`,
    typeof body.message === 'string' ? body.message : response.statusText,
    errors,
  );
};

/**
 * The API as the console calls it: same origin, the bearer token held in memory only (never in
 * storage, so closing the tab signs out), JSON in and out. What the console may do is exactly what
 * the token allows; a 401 signs the user out.
 */
export class Api {
  private token: string | null = null;

  constructor(
    private readonly base: string,
    private readonly onUnauthorised: () => void,
  ) {}

  signIn(token: string): void {
    this.token = token;
  }

  signOut(): void {
    this.token = null;
  }

  get bearer(): string | null {
    return this.token;
  }

  get<T>(path: string, headers: Record<string, string> = {}): Promise<T> {
    return this.call<T>('GET', path, undefined, headers);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PUT', path, body);
  }

  delete<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('DELETE', path, body);
  }

  /** The raw answer of a streaming GET (the alert feed), with the token and the given headers. */
  stream(path: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
    return fetch(`${this.base}${path}`, { headers: { ...this.headers(), ...headers }, signal });
  }

  private headers(): Record<string, string> {
    return this.token === null ? {} : { authorization: `Bearer ${this.token}` };
  }

  private async call<T>(method: string, path: string, body: unknown, extra: Record<string, string> = {}): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...this.headers(),
        ...extra,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status === 401 && this.token !== null) this.onUnauthorised();
    if (!response.ok) throw await failureOf(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}
