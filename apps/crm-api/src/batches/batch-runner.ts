import { Injectable } from '@nestjs/common';
import type { ApiErrorBody } from '@crm/platform';
import { isBatchLineResult, parseBatchLine, type BatchLineRequest, type BatchLineResult } from './batch-line';
import { BatchLineRoutes, type BatchCaller, type LineAnswer } from './batch-line-routes';
import { BatchMetrics, UNREAD_LINE } from './batch.metrics';

/**
 * Lines in flight at once. Lines of different clients run side by side (their appends share the
 * store's group commit); lines of one client wait for the one before, so they apply in file order.
 */
const LINES_IN_FLIGHT = 64;

type RouteAnswer = Readonly<{ id?: unknown; revision?: unknown; position?: unknown; proposalId?: unknown }>;

const resultOf = (line: number, { status, body }: LineAnswer): BatchLineResult => {
  const answer = (typeof body === 'object' && body !== null ? body : {}) as RouteAnswer & ApiErrorBody;
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
 * Runs a batch: each line through the client route it names (BatchLineRoutes), in this process,
 * as the batch's caller, so it is authorized, validated, made idempotent and answered exactly as
 * that route would answer it alone. Answers come back in line order.
 */
@Injectable()
export class BatchRunner {
  constructor(
    private readonly routes: BatchLineRoutes,
    private readonly metrics: BatchMetrics,
  ) {}

  async *run(lines: AsyncIterable<string>, caller: BatchCaller): AsyncGenerator<BatchLineResult> {
    const pending: Promise<BatchLineResult>[] = [];
    const lastOfClient = new Map<string, Promise<BatchLineResult>>();
    let number = 0;
    for await (const text of lines) {
      number += 1;
      if (text.trim().length === 0) continue;
      const parsed = parseBatchLine(number, text);
      if (isBatchLineResult(parsed)) {
        this.metrics.answered(UNREAD_LINE, parsed.status);
        pending.push(Promise.resolve(parsed));
      } else pending.push(this.after(parsed, caller, lastOfClient));
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
    let result: BatchLineResult;
    try {
      result = resultOf(request.line, await this.routes.run(request, caller));
    } catch {
      // The route's exception filter answers its errors; this is a fault around it.
      result = {
        line: request.line,
        status: 500,
        error: { code: 'INTERNAL', message: 'This line could not be run.', errors: [] },
      };
    }
    this.metrics.answered(request.type, result.status);
    return result;
  }
}
