import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER, type ApiErrorBody } from '@crm/platform';

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

/** A path with broken percent-encoding, a failed route constraint … (Fastify's `frameworkErrors`). */
export const answerFrameworkError = (_error: Error, request: FastifyRequest, reply: FastifyReply): void => {
  void reply.code(400).header(REQUEST_ID_HEADER, request.id).send(MALFORMED);
};

/**
 * A request Node's parser refused (oversized headers, bytes that are not HTTP …): there is no
 * request object, only the socket, so the answer is written by hand and the socket closed.
 */
export const answerClientError = (error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void => {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, body] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, HEADERS_TOO_LARGE]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, TIMEOUT]
        : [400, MALFORMED];
  const json = JSON.stringify(body);
  // An answer to HEAD has no body, or the client reads it as garbage. The method is known only
  // from the bytes that failed to parse, when they start the request.
  const head = Buffer.isBuffer(error.rawPacket) && error.rawPacket.subarray(0, 5).toString('latin1') === 'HEAD ';
  // Only when nothing was written yet: bytes a client sends after an answer (the unread body of
  // a request answered early) also land here, and a second answer would corrupt the stream.
  if (socket.writable && socket.bytesWritten === 0) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\n` +
        `${REQUEST_ID_HEADER}: ${randomUUID()}\r\nConnection: close\r\n\r\n${head ? '' : json}`,
    );
  }
  socket.destroy();
};
