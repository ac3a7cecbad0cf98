import type { IncomingMessage } from 'node:http';
import { Injectable, RequestMethod, type OnApplicationBootstrap, type ParamData } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, ExternalContextCreator, MetadataScanner } from '@nestjs/core';
// Nest's own mapping of @Req, @Res, @Body, @Param … to a request: not re-exported by @nestjs/core.
import { RouteParamsFactory } from '@nestjs/core/router/route-params-factory';
import { hostileShapeOf, internalRequestHeaders, paramProblemOf } from '@crm/api-kit';
import type { ApiErrorBody } from '@crm/platform';
import type { BatchLineRequest } from './batch-line';
import { BATCH_LINE_TYPES, type BatchLineTypeName } from './batch-line-types';
import { LineReply } from './line-reply';

/** What a line inherits from the batch request. */
export type BatchCaller = Readonly<{
  authorization: string;
  correlationId: string;
  /** The batch request's id: a line is `<id>:<line>`, the causation its events record. */
  requestId: string;
  /** The batch's incoming message: its lines belong to the batch's trace. */
  raw: IncomingMessage;
}>;

/** How a line's route answered: its status and its body (the route's answer or its error body). */
export type LineAnswer = Readonly<{ status: number; body: unknown }>;

type RouteHandler = (request: object, reply: LineReply, next: () => void) => Promise<unknown>;
type LineRoute = Readonly<{ handler: RouteHandler; declared: number }>;

const PARAMS = new RouteParamsFactory();
/** ExternalContextCreator hands the factory the handler's arguments, Nest's router a `{ req, res, next }`. */
const PARAMS_FACTORY = {
  // `data` is the decorator's argument (`@Param('id')`); Nest's router passes it on unchecked too.
  exchangeKeyForValue: (type: number, data: ParamData, [req, res, next]: unknown[]): unknown =>
    PARAMS.exchangeKeyForValue(type, data as string, { req: req as object, res, next: next as () => void }),
};
/** A batch request id short enough that `<id>:<line>` stays a token (at most 128 characters) for the events' causation. */
const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,118}$/;

const pathsOf = (metadata: unknown): string[] =>
  (Array.isArray(metadata) ? metadata : [metadata]).filter((path): path is string => typeof path === 'string');

/** `/v1/<controller>/<method>` as the router registers it (the API's global prefix is `v1`). */
const routeKey = (method: RequestMethod, base: string, path: string): string =>
  `${RequestMethod[method]} /${['v1', base, path]
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter((part) => part !== '')
    .join('/')}`;

const invalid = (error: ApiErrorBody['errors'][number]): LineAnswer => ({
  status: 400,
  body: { code: 'REQUEST.INVALID', message: 'The request is invalid.', errors: [error] } satisfies ApiErrorBody,
});

/**
 * Runs a batch line through the controller method of the route its type names, in this process
 * and without HTTP: Nest wraps the method with that route's own guards (token, role, scope,
 * client access), interceptors (Idempotency-Key), pipes (the DTO's validation, the path
 * parameters' pipes) and exception filter, exactly as its router does, so a line is held to the
 * same rules and answered the same as the route alone. What is left out is the HTTP layer around
 * them (Fastify's request and reply, the per-request log line and metrics, the answer's headers),
 * which cost about a third of each line's CPU when every line was a `fastify.inject` (3,000 →
 * 4,800 lines/s in the batches bench). The input checks Fastify's hooks make before Nest (hostile shapes, path
 * parameters' text) are made here. A type whose route is not found stops the API from starting.
 */
@Injectable()
export class BatchLineRoutes implements OnApplicationBootstrap {
  private readonly routes = new Map<BatchLineTypeName, LineRoute>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly contexts: ExternalContextCreator,
  ) {}

  onApplicationBootstrap(): void {
    const wanted = new Map(
      Object.entries(BATCH_LINE_TYPES).map(([type, spec]) => [
        `${spec.method} ${spec.path}`,
        type as BatchLineTypeName,
      ]),
    );
    const scanner = new MetadataScanner();
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (instance === undefined || wrapper.metatype === null) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const base of pathsOf(Reflect.getMetadata(PATH_METADATA, wrapper.metatype))) {
        for (const name of scanner.getAllMethodNames(prototype)) {
          const method = prototype[name];
          if (typeof method !== 'function') continue;
          const verb = Reflect.getMetadata(METHOD_METADATA, method) as RequestMethod | undefined;
          if (verb === undefined) continue;
          for (const path of pathsOf(Reflect.getMetadata(PATH_METADATA, method))) {
            const type = wanted.get(routeKey(verb, base, path));
            if (type !== undefined)
              this.routes.set(type, this.routeOf(wrapper.host?.token, instance, name, method, verb));
          }
        }
      }
    }
    const missing = [...wanted.values()].filter((type) => !this.routes.has(type));
    if (missing.length > 0) throw new Error(`batch line types without their route: ${missing.join(', ')}`);
  }

  /** Runs `line` as `caller` through its route; never throws (an unexpected fault is the route's 500). */
  async run(line: BatchLineRequest, caller: BatchCaller): Promise<LineAnswer> {
    const problem = hostileShapeOf(line.body) ?? paramProblemOf(line.params);
    if (problem !== null) return invalid(problem);
    const route = this.routes.get(line.type);
    if (route === undefined) throw new Error(`batch line type ${line.type} was not routed at start`);
    const spec = BATCH_LINE_TYPES[line.type];
    const request = {
      id: REQUEST_ID.test(caller.requestId) ? `${caller.requestId}:${line.line}` : `batch:${line.line}`,
      method: spec.method,
      url: line.url,
      routeOptions: { url: spec.path },
      params: line.params,
      query: {},
      body: line.body,
      raw: caller.raw,
      headers: {
        ...internalRequestHeaders(),
        authorization: caller.authorization,
        'x-correlation-id': caller.correlationId,
        ...(line.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(line.idempotencyKey !== undefined ? { 'idempotency-key': line.idempotencyKey } : {}),
        ...(line.ifMatch !== undefined ? { 'if-match': line.ifMatch } : {}),
      },
    };
    const reply = new LineReply(route.declared);
    let answer: unknown;
    try {
      answer = await route.handler(request, reply, () => undefined);
    } catch (error) {
      // The route's exception filter has answered on the reply; Nest's external proxy still
      // rethrows when a filter returns nothing, as the API's (an HTTP one) does.
      if (!reply.sent) throw error;
    }
    return { status: reply.statusCode, body: reply.sent ? reply.payload : answer };
  }

  private routeOf(
    moduleKey: string | undefined,
    instance: object,
    name: string,
    method: object,
    verb: RequestMethod,
  ): LineRoute {
    if (moduleKey === undefined) throw new Error(`controller of ${name} has no module`);
    // ExternalContextCreator finds the module of a provider, not of a controller: left to look,
    // it finds none, and then silently drops the enhancers a module holds (the method's
    // @UseGuards and @UseInterceptors: client access and Idempotency-Key), keeping the global
    // ones. It is told the controller's module instead; the e2e test of a service token's scope
    // and of a repeated file fails without it.
    const contexts = Object.create(this.contexts, {
      getHostModuleKey: { value: (): string => moduleKey },
    }) as ExternalContextCreator;
    const handler = contexts.create(
      instance,
      method as (...args: unknown[]) => unknown,
      name,
      ROUTE_ARGS_METADATA,
      PARAMS_FACTORY,
      undefined,
      undefined,
      { guards: true, interceptors: true, filters: true },
      'http',
    ) as RouteHandler;
    const declared = Reflect.getMetadata(HTTP_CODE_METADATA, method) as number | undefined;
    return { handler, declared: declared ?? (verb === RequestMethod.POST ? 201 : 200) };
  }
}
