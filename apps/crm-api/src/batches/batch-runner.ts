import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { internalRequestHeaders } from '@crm/api-kit';
import type { ApiErrorBody } from '@crm/platform';
import { isBatchLineResult, parseBatchLine, type BatchLineRequest, type BatchLineResult } from './batch-line';

/**
 * Lines in flight at once. Lines of different clients run side by side (their appends share the
 * store's group commit); lines of one client wait for the one before, so they apply in file order.
 */
const LINES_IN_FLIGHT = 64;

/** What a batch's lines inherit from the batch request. */
export type BatchCaller = Readonly<{ authorization: string; correlationId: string }>;

type RouteAnswer = Readonly<{ id?: unknown; revision?: unknown; position?: unknown; proposalId?: unknown }>;

const resultOf = (line: number, status: number, payload: string): BatchLineResult => {
  const answer = (payload.length > 0 ? JSON.parse(payload) : {}) as RouteAnswer & ApiErrorBody;
  if (status >= 300) return { line, status, error: answer };
  return {
    line,
    status,
    ...(typeof answer.id === 'string' ? { id: answer.id } : {}),
    ...(typeof answer.revision === 'number' ? { revision: answer.revision } : {}),
    ...(typeof answer.position === 'string' ? { position: answer.position } : {}),
    ...(typeof answer.proposalId === 'string' ? { proposalId: answer.proposalId } : {}),
  };
};

/**
 * Runs a batch: each line is sent through the client route it names, in this process, with the
 * batch caller's token, so it is authorized, validated, made idempotent and answered exactly as
 * that route would answer it alone. Answers come back in line order.
 */
@Injectable()
export class BatchRunner {
  constructor(private readonly adapter: HttpAdapterHost) {}

  async *run(lines: AsyncIterable<string>, caller: BatchCaller): AsyncGenerator<BatchLineResult> {
    const pending: Promise<BatchLineResult>[] = [];
    const lastOfClient = new Map<string, Promise<BatchLineResult>>();
    let number = 0;
    for await (const text of lines) {
      number += 1;
      if (text.trim().length === 0) continue;
      const parsed = parseBatchLine(number, text);
      pending.push(isBatchLineResult(parsed) ? Promise.resolve(parsed) : this.after(parsed, caller, lastOfClient));
      if (pending.length >= LINES_IN_FLIGHT) yield await pending.shift()!;
    }
    for (const result of pending) yield await result;
  }

  /** Runs `request` once the line before it for the same client has its answer. */
  private after(
    request: BatchLineRequest,
    caller: BatchCaller,
    lastOfClient: Map<string, Promise<BatchLineResult>>,
  ): Promise<BatchLineResult> {
    const previous = lastOfClient.get(request.clientId);
    const result = previous ? previous.then(() => this.send(request, caller)) : this.send(request, caller);
    lastOfClient.set(request.clientId, result);
    void result.then(() => {
      if (lastOfClient.get(request.clientId) === result) lastOfClient.delete(request.clientId);
    });
    return result;
  }

  private async send(request: BatchLineRequest, caller: BatchCaller): Promise<BatchLineResult> {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    try {
      const response = await fastify.inject({
        method: request.method,
        url: request.url,
        headers: {
          ...internalRequestHeaders(),
          authorization: caller.authorization,
          'x-correlation-id': caller.correlationId,
          ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(request.idempotencyKey !== undefined ? { 'idempotency-key': request.idempotencyKey } : {}),
          ...(request.ifMatch !== undefined ? { 'if-match': request.ifMatch } : {}),
        },
        ...(request.body !== undefined ? { payload: JSON.stringify(request.body) } : {}),
      });
      return resultOf(request.line, response.statusCode, response.payload);
    } catch {
      // The route answered something that is not JSON, or the request could not be made at all.
      return {
        line: request.line,
        status: 500,
        error: { code: 'INTERNAL', message: 'This line could not be run.', errors: [] },
      };
    }
  }
}
