import {
  BadRequestException,
  HttpException,
  Logger,
  PayloadTooLargeException,
  type ArgumentsHost,
} from '@nestjs/common';
import { DomainError } from '@crm/domain';
import { ApiError } from '@crm/platform';
import { ErrorFilter } from './error.filter';

type Sent = { status?: number; body?: unknown; headers: Record<string, string> };

const answer = (error: unknown): Sent => {
  const sent: Sent = { headers: {} };
  const reply = {
    sent: false,
    raw: { hasHeader: () => false },
    header: (name: string, value: string) => ((sent.headers[name] = value), reply),
    status: (status: number) => ((sent.status = status), reply),
    send: (body: unknown) => ((sent.body = body), reply),
  };
  const request = { id: 'req-42' };
  const host = {
    switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }),
  } as unknown as ArgumentsHost;
  new ErrorFilter().catch(error, host);
  return sent;
};

describe('ErrorFilter', () => {
  let logged: jest.SpyInstance;
  beforeEach(() => (logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined)));
  afterEach(() => logged.mockRestore());

  it('answers an unknown error with a generic 500 and logs the cause server-side only', () => {
    const sent = answer(new TypeError("Cannot read properties of undefined (reading 'legalName') at /work/app/x.ts:1"));
    expect(sent.status).toBe(500);
    expect(sent.body).toEqual({ code: 'INTERNAL', message: 'Something went wrong on our side.', errors: [] });
    expect(sent.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'req-42' });
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('TypeError'));
  });

  it("never passes on an HttpException's own message or response", () => {
    const sent = answer(
      new BadRequestException({ message: 'Unexpected token } in JSON at position 7: {"legalName":"Secret"' }),
    );
    expect(sent).toMatchObject({
      status: 400,
      body: { code: 'REQUEST.MALFORMED', message: 'The body could not be read as JSON.', errors: [] },
    });
    expect(answer(new PayloadTooLargeException()).body).toMatchObject({ code: 'REQUEST.TOO_LARGE' });
    expect(answer(new HttpException('slow down', 429)).body).toMatchObject({ code: 'REQUEST.RATE_LIMITED' });
    expect(answer(new HttpException('x', 418)).body).toEqual({
      code: 'HTTP.418',
      message: 'The request could not be served.',
      errors: [],
    });
  });

  it('maps a raw Fastify client error by its status, not as a 500', () => {
    const error = Object.assign(new Error('Unsupported Media Type: text/evil'), {
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      statusCode: 415,
    });
    expect(answer(error)).toMatchObject({ status: 415, body: { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' } });
    expect(logged).not.toHaveBeenCalled();
  });

  it('keeps the status, code and headers of API and domain errors', () => {
    const limited = answer(new ApiError(429, 'REQUEST.RATE_LIMITED', 'Too many requests.', [], { 'Retry-After': '7' }));
    expect(limited).toMatchObject({ status: 429, headers: { 'Retry-After': '7' } });
    expect(answer(new DomainError('CLIENT.NOT_FOUND', 'not_found', 'No such client.')).status).toBe(404);
  });
});
