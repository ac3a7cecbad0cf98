import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER, type ApiErrorBody } from '@crm/platform';

/** Longer URLs are refused with 414: no route needs a tenth of it, and the whole head is capped at 16 KiB. */
export const MAX_URL_LENGTH = 8 * 1024;

/*
 * Requests so malformed that Fastify (or Node's HTTP parser) answers them itself, before any
 * hook or Nest sees them. Their default bodies lack the house `code` and may echo the URL; these
 * answer with the usual error body and a request id like every other answer.
 */

const MALFORMED: ApiErrorBody = { code: 'REQUEST.MALFORMED', message: 'The request could not be read.', errors: [] };
const HEADERS_TOO_LARGE: ApiErrorBody = {
  code: 'REQUEST.HEADERS_TOO_LARGE',
  message: 'The request headers are too large.',
  errors: [],
};
const TIMEOUT: ApiErrorBody = { code: 'REQUEST.TIMEOUT', message: 'The request took too long to arrive.', errors: [] };
export const URI_TOO_LONG: ApiErrorBody = {
  code: 'REQUEST.URI_TOO_LONG',
  message: `The request URL is longer than ${MAX_URL_LENGTH.toLocaleString('en-US')} characters.`,
  errors: [],
};

/**
 * After an oversized request is answered, what the client still sends is read and dropped (up to
 * this much, for this long) before the socket closes: closing with unread bytes makes the kernel
 * reset the connection, and the client then sees ECONNRESET instead of the answer.
 */
const DRAIN_BYTES = 1024 * 1024;
const DRAIN_MS = 2_000;
const draining = new WeakSet<Socket>();

/** A path with broken percent-encoding, a failed route constraint … (Fastify's `frameworkErrors`). */
export const answerFrameworkError = (_error: Error, request: FastifyRequest, reply: FastifyReply): void => {
  // A path parameter longer than the router takes lands here too: a URL that long is a 414.
  const [status, body] = request.url.length > MAX_URL_LENGTH ? [414, URI_TOO_LONG] : [400, MALFORMED];
  void reply.code(status).header(REQUEST_ID_HEADER, request.id).send(body);
};

/**
 * The parser refused the head as too large. When its request line had not even ended, the URL is
 * what was too long (414), else the headers (431).
 */
const overflowAnswer = (rawPacket: unknown): [number, ApiErrorBody] => {
  if (!Buffer.isBuffer(rawPacket)) return [431, HEADERS_TOO_LARGE];
  const lineEnd = rawPacket.indexOf('\r\n');
  return lineEnd === -1 || lineEnd > MAX_URL_LENGTH ? [414, URI_TOO_LONG] : [431, HEADERS_TOO_LARGE];
};

/** Node's own test before it answers a parse error: is a response of this socket still being written? */
const answerInFlight = (socket: Socket): boolean =>
  (socket as Socket & { _httpMessage?: object | null })._httpMessage != null;

/**
 * Reads and drops what the client still sends after the answer, and leaves the closing to it (the
 * answer says `Connection: close`), within DRAIN_MS: closing, or even half-closing, while the
 * client is still writing reaches it as a reset or a closed socket, not as the answer it was sent.
 */
const closeAfterDraining = (socket: Socket): void => {
  draining.add(socket);
  const deadline = setTimeout(() => socket.destroy(), DRAIN_MS);
  socket.on('close', () => clearTimeout(deadline));
  socket.on('end', () => socket.destroy());
  socket.on('data', () => {
    if (socket.bytesRead > DRAIN_BYTES) socket.destroy();
  });
};

/**
 * A request Node's parser refused (oversized headers, bytes that are not HTTP …): there is no
 * request object, only the socket, so the answer is written by hand and the socket closed.
 */
export const answerClientError = (error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void => {
  if (error.code === 'ECONNRESET' || socket.destroyed || draining.has(socket)) return;
  const overflow = error.code === 'HPE_HEADER_OVERFLOW';
  const [status, body] = overflow
    ? overflowAnswer(error.rawPacket)
    : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, TIMEOUT]
      : [400, MALFORMED];
  const json = JSON.stringify(body);
  // An answer to HEAD has no body, or the client reads it as garbage. The method is known only
  // from the bytes that failed to parse, when they start the request.
  const head = Buffer.isBuffer(error.rawPacket) && error.rawPacket.subarray(0, 5).toString('latin1') === 'HEAD ';
  // Only when nothing was written yet: bytes a client sends after an answer (the unread body of
  // a request answered early) also land here, and a second answer would corrupt the stream. An
  // oversized head is a new request, though, and on a kept-alive connection whose last answer is
  // complete (Node detaches it from the socket) it is answered as Node itself would.
  if (socket.writable && (socket.bytesWritten === 0 || (overflow && !answerInFlight(socket)))) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\n` +
        `${REQUEST_ID_HEADER}: ${randomUUID()}\r\nConnection: close\r\n\r\n${head ? '' : json}`,
    );
    if (overflow) return closeAfterDraining(socket);
  }
  socket.destroy();
};
