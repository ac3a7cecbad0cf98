import { Writable } from 'node:stream';
import { HEARTBEAT_FRAME, SseConnection, type DropReason, type SseConnectionLimits } from './alert-feed.connection';

/** A socket stand-in that takes writes only when told, with a tiny buffer so it fills at once. */
class ManualSocket extends Writable {
  readonly taken: string[] = [];
  /** Once set, the client reads everything as it comes. */
  reading = false;
  private pending: (() => void)[] = [];

  constructor() {
    super({ highWaterMark: 16, decodeStrings: false });
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.taken.push(chunk.toString());
    if (this.reading) callback();
    else this.pending.push(callback);
  }

  /** The client reads everything sent so far. */
  flush(): void {
    while (this.pending.length > 0) {
      const callbacks = this.pending;
      this.pending = [];
      for (const callback of callbacks) callback();
    }
  }
}

const LIMITS: SseConnectionLimits = {
  heartbeatMs: 60_000,
  maxQueuedEvents: 5,
  maxQueuedBytes: 1024 * 1024,
  stallTimeoutMs: 60_000,
};

const frame = (n: number) => `id: ${n}\nevent: AlertRaised\ndata: {"n":${n}}\n\n`;
const tick = () => new Promise((resolve) => setImmediate(resolve));

const open = (limits: Partial<SseConnectionLimits> = {}) => {
  const socket = new ManualSocket();
  const drops: DropReason[] = [];
  const connection = new SseConnection(socket, { ...LIMITS, ...limits }, (reason) => drops.push(reason));
  return { socket, drops, connection };
};

describe('SseConnection', () => {
  it('writes straight through while the socket takes it, and queues in order once it is full', async () => {
    const { socket, connection } = open();
    connection.write(frame(1)); // over the 16-byte buffer: the socket is now full
    expect(await Promise.race([connection.writable(), tick().then(() => 'waiting')])).toBe('waiting');
    connection.write(frame(2));
    connection.write(frame(3));
    expect(connection.backlog.messages).toBe(2);

    const writable = connection.writable();
    socket.flush();
    await tick();
    socket.flush();
    await tick();
    socket.flush();
    expect(await writable).toBe(true);
    expect(socket.taken.join('')).toBe(frame(1) + frame(2) + frame(3));
    expect(connection.backlog).toEqual({ messages: 0, bytes: 0 });
    expect(connection.closed).toBe(false);
  });

  it('drops a client whose backlog passes the message limit, and frees it', async () => {
    const { socket, drops, connection } = open({ maxQueuedEvents: 3 });
    const closed = jest.fn();
    connection.onClose(closed);
    const waiting = connection.writable();
    for (let n = 1; n <= 5; n += 1) connection.write(frame(n));
    expect(drops).toEqual(['slow_client']);
    expect(socket.destroyed).toBe(true);
    expect(connection.closed).toBe(true);
    expect(connection.backlog).toEqual({ messages: 0, bytes: 0 });
    expect(closed).toHaveBeenCalledTimes(1);
    expect(await waiting).toBe(true); // it was writable before the socket filled
    expect(await connection.writable()).toBe(false);
    connection.write(frame(6)); // ignored
  });

  it('drops a client whose backlog passes the byte limit', () => {
    const { drops, connection } = open({ maxQueuedEvents: 1000, maxQueuedBytes: 1024 });
    connection.write(frame(0));
    for (let n = 1; n <= 40; n += 1) connection.write(frame(n));
    expect(drops).toEqual(['slow_client']);
    expect(connection.closed).toBe(true);
  });

  it('drops a client that takes nothing of its backlog for the stall timeout', async () => {
    const { drops, connection } = open({ stallTimeoutMs: 100 });
    connection.write(frame(1));
    connection.write(frame(2));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(drops).toEqual(['stalled']);
    expect(connection.closed).toBe(true);
  });

  it('sends heartbeats while idle, none behind a backlog', async () => {
    const { socket, connection } = open({ heartbeatMs: 30 });
    const heartbeats = () => socket.taken.filter((chunk) => chunk === HEARTBEAT_FRAME).length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    // The second heartbeat filled the 16-byte socket; later ones were skipped, not queued.
    expect(heartbeats()).toBe(1);
    expect(connection.backlog.messages).toBe(0);
    socket.reading = true;
    socket.flush();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(heartbeats()).toBeGreaterThan(3);
    connection.end();
  });

  it('ends cleanly when idle, destroys when backed up, and notices the client leaving', async () => {
    const idle = open();
    idle.connection.end();
    expect(idle.socket.writableEnded).toBe(true);
    expect(idle.socket.destroyed).toBe(false);
    expect(idle.drops).toEqual([]);

    const backedUp = open();
    backedUp.connection.write(frame(1));
    backedUp.connection.write(frame(2));
    backedUp.connection.end();
    expect(backedUp.socket.destroyed).toBe(true);

    const leaving = open();
    const closed = jest.fn();
    leaving.connection.onClose(closed);
    leaving.socket.destroy();
    await tick();
    expect(leaving.connection.closed).toBe(true);
    expect(closed).toHaveBeenCalledTimes(1);
  });
});
