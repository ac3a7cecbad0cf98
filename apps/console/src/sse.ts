import type { Api } from './api';

/** One Server-Sent Events message. */
export type SseMessage = Readonly<{ id: string | null; event: string; data: string }>;

/**
 * Server-Sent Events parsing (the WHATWG rules the console needs: `id`, `event`, `data`, `retry`,
 * comments), fed chunk by chunk. Written here because EventSource cannot send the bearer token:
 * the console reads the feed with fetch and parses it itself.
 */
export class SseParser {
  private buffer = '';
  private id: string | null = null;
  private event = '';
  private data: string[] = [];
  private afterCr = false;
  retryMs: number | null = null;

  /** The complete messages in `chunk` (and what earlier chunks left unfinished). */
  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    // A CR that ended the previous chunk may be the first half of a CRLF split between chunks.
    if (this.afterCr && this.buffer.startsWith('\n')) this.buffer = this.buffer.slice(1);
    this.afterCr = false;
    const messages: SseMessage[] = [];
    let newline = this.buffer.search(/\r\n|\r|\n/);
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      this.afterCr = width === 1 && this.buffer[newline] === '\r' && newline === this.buffer.length - 1;
      this.buffer = this.buffer.slice(newline + width);
      const message = this.line(line);
      if (message !== null) messages.push(message);
      newline = this.buffer.search(/\r\n|\r|\n/);
    }
    return messages;
  }

  private line(line: string): SseMessage | null {
    if (line === '') {
      if (this.data.length === 0) {
        this.event = '';
        return null;
      }
      const message = { id: this.id, event: this.event || 'message', data: this.data.join('\n') };
      this.event = '';
      this.data = [];
      return message;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return null;
  }
}

export type FeedState = 'connecting' | 'live' | 'reconnecting';

export type FeedHandlers = Readonly<{
  onMessage: (message: SseMessage) => void;
  onState: (state: FeedState) => void;
}>;

/**
 * Follows a feed until stopped: on a dropped connection it waits the server's `retry` and
 * reconnects with Last-Event-ID, so the server replays what was missed and nothing is lost or
 * shown twice. Returns the function that stops it.
 */
export const followFeed = (api: Api, path: string, handlers: FeedHandlers): (() => void) => {
  const abort = new AbortController();
  let lastId: string | null = null;
  let retryMs = 2000;
  const once = async (): Promise<void> => {
    const parser = new SseParser();
    const response = await api.stream(
      path,
      { accept: 'text/event-stream', ...(lastId === null ? {} : { 'last-event-id': lastId }) },
      abort.signal,
    );
    if (!response.ok || response.body === null) throw new Error(`feed answered ${response.status}`);
    handlers.onState('live');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const message of parser.push(value)) {
        if (message.id !== null) lastId = message.id;
        handlers.onMessage(message);
      }
      if (parser.retryMs !== null) retryMs = parser.retryMs;
    }
  };
  const run = async (): Promise<void> => {
    handlers.onState('connecting');
    while (!abort.signal.aborted) {
      await once().catch(() => undefined);
      if (abort.signal.aborted) return;
      handlers.onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void run();
  return () => abort.abort();
};
