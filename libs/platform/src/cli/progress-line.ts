/** Most often a terminal line is redrawn: faster than the eye, and far from the batch rate. */
const TTY_REDRAW_MS = 100;
/** Plain lines for logs and pipes: a few per minute, never one per batch. */
const PLAIN_EVERY_MS = 5000;

/**
 * Progress on a stream: one line redrawn in place on a terminal, plain periodic lines otherwise
 * (a captured log of carriage returns is unreadable).
 */
export class ProgressLine {
  private last = 0;
  private drawn = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  update(line: string, force = false): void {
    const now = Date.now();
    const every = this.out.isTTY ? TTY_REDRAW_MS : PLAIN_EVERY_MS;
    if (!force && now - this.last < every) return;
    this.last = now;
    if (this.out.isTTY) {
      this.out.write(`\r${line}\x1b[K`);
      this.drawn = true;
    } else {
      this.out.write(`${line}\n`);
    }
  }

  /** Ends the redrawn line, so what follows starts on a line of its own. */
  end(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
