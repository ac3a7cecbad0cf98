import type { AlertMessage } from './alert-feed.message';
import type { AlertSink } from './alert-feed';
import type { AlertFeedOptions } from './alert-feed.options';

/** Why a client was dropped: too far behind, or taking nothing for too long. */
export type DropReason = 'slow_client' | 'stalled';

/** What the connection needs of Node's ServerResponse (a Writable in the specs). */
export type SseResponse = Readonly<{
  write(chunk: string): boolean;
  end(): unknown;
  destroy(): unknown;
  on(event: 'close' | 'error', listener: (...args: unknown[]) => void): unknown;
  once(event: 'drain', listener: () => void): unknown;
  readonly destroyed: boolean;
}>;

export type SseConnectionLimits = Pick<
  AlertFeedOptions,
  'heartbeatMs' | 'maxQueuedEvents' | 'maxQueuedBytes' | 'stallTimeoutMs'
>;

export const HEARTBEAT_FRAME = ': heartbeat\n\n';

/**
 * One Server-Sent Events response with bounded memory. Writes go straight to the socket while it
 * takes them; once `write` says the socket is full, further messages wait in a queue until it
 * drains. A queue past its limit (messages or bytes), or a backlog the client has not touched for
 * the stall timeout, drops the client: the connection is destroyed, and the client reconnects with
 * Last-Event-ID and catches up from the store instead of from this process's memory.
 */
export class SseConnection implements AlertSink {
  private queue: string[] = [];
  private queuedBytes = 0;
  private blocked = false;
  private isClosed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private stallTimer: NodeJS.Timeout | null = null;
  private closeListeners: (() => void)[] = [];
  private waiters: ((writable: boolean) => void)[] = [];

  constructor(
    private readonly response: SseResponse,
    private readonly limits: SseConnectionLimits,
    private readonly onDrop: (reason: DropReason) => void = () => undefined,
  ) {
    response.on('close', () => this.markClosed());
    // A write racing the client's disconnect fails with an 'error' event; 'close' follows it.
    response.on('error', () => undefined);
    this.heartbeat = setInterval(() => this.beat(), limits.heartbeatMs);
    this.heartbeat.unref();
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Messages and bytes written but not yet taken by the socket. */
  get backlog(): Readonly<{ messages: number; bytes: number }> {
    return { messages: this.queue.length, bytes: this.queuedBytes };
  }

  send(message: AlertMessage): void {
    this.write(message.frame);
  }

  /** Writes a raw frame (the `retry:` line, comments); queues it while the socket is full. */
  write(frame: string): void {
    if (this.isClosed) return;
    if (this.response.destroyed) return this.markClosed();
    if (this.blocked) {
      this.queue.push(frame);
      this.queuedBytes += Buffer.byteLength(frame);
      if (this.queue.length > this.limits.maxQueuedEvents || this.queuedBytes > this.limits.maxQueuedBytes) {
        this.drop('slow_client');
      }
      return;
    }
    if (!this.response.write(frame)) this.block();
  }

  writable(): Promise<boolean> {
    if (this.isClosed) return Promise.resolve(false);
    if (!this.blocked) return Promise.resolve(true);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Ends the response cleanly; one with a backlog is destroyed, as it could not finish anyway. */
  end(): void {
    if (this.isClosed) return;
    if (this.blocked) this.response.destroy();
    else this.response.end();
    this.markClosed();
  }

  /** Cuts the connection (a failure of ours mid-stream): the client reconnects and resumes. */
  abort(): void {
    if (this.isClosed) return;
    this.response.destroy();
    this.markClosed();
  }

  onClose(listener: () => void): void {
    if (this.isClosed) listener();
    else this.closeListeners.push(listener);
  }

  private drop(reason: DropReason): void {
    if (this.isClosed) return;
    this.onDrop(reason);
    this.abort();
  }

  /** A heartbeat behind a backlog would tell the client nothing; only an idle connection gets one. */
  private beat(): void {
    if (!this.blocked) this.write(HEARTBEAT_FRAME);
  }

  private block(): void {
    this.blocked = true;
    this.response.once('drain', this.drained);
    this.stallTimer = setTimeout(() => this.drop('stalled'), this.limits.stallTimeoutMs);
    this.stallTimer.unref();
  }

  private readonly drained = (): void => {
    if (this.isClosed) return;
    this.blocked = false;
    this.clearStallTimer();
    while (this.queue.length > 0) {
      const frame = this.queue.shift() as string;
      this.queuedBytes -= Buffer.byteLength(frame);
      if (!this.response.write(frame)) {
        this.block();
        return;
      }
    }
    this.release(true);
  };

  private markClosed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    clearInterval(this.heartbeat);
    this.clearStallTimer();
    this.queue = [];
    this.queuedBytes = 0;
    this.release(false);
    const listeners = this.closeListeners;
    this.closeListeners = [];
    for (const listener of listeners) listener();
  }

  private release(writable: boolean): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve(writable);
  }

  private clearStallTimer(): void {
    if (this.stallTimer !== null) clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }
}
