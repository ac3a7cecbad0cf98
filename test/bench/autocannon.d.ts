/**
 * The part of autocannon 9 (which ships no types) the HTTP bench uses, checked against its source:
 * lib/run.js (options, the tracker's `response` event) and lib/httpRequestBuilder.js (setupRequest).
 */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    type RequestParams = {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
    };

    type Request = RequestParams & {
      /** Called before every request of this kind; what it returns is sent. */
      setupRequest?: (request: RequestParams, context: Record<string, unknown>) => RequestParams;
    };

    type Options = {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      /** Milliseconds between samples; the run ends at the first sample after `duration`. */
      sampleInt?: number;
      /** Seconds a request may take before it counts as a timeout. */
      timeout?: number;
      pipelining?: number;
      requests?: Request[];
    };

    type Result = {
      errors: number;
      timeouts: number;
      non2xx: number;
      statusCodeStats: Record<string, { count: number }>;
      /** Seconds. */
      duration: number;
    };

    interface Instance extends EventEmitter {
      /** responseTime in milliseconds (hrtime, fractional). */
      on(
        event: 'response',
        listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void,
      ): this;
      stop(): void;
    }
  }

  function autocannon(
    options: autocannon.Options,
    callback: (error: Error | null, result: autocannon.Result) => void,
  ): autocannon.Instance;

  export = autocannon;
}
