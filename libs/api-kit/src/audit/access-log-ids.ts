import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/** 256 ids' worth: uuid keeps 256 bytes (16 ids) between refills. */
const POOL_BYTES = 4096;
const ID_BYTES = 16;

/**
 * UUIDv7 ids for access-log entries, laid out by uuid's `v7` and ordered as its own are (by
 * millisecond, then a counter seeded at random each new millisecond, so ids made in one
 * millisecond still sort in the order they were made), with their random bytes drawn from a
 * 4 KiB pool. uuid's pool holds 16 ids, so a search answering 50 clients refilled it three times
 * per request; each refill is a `randomFillSync` system call, and together they were 2.4 % of the
 * search's CPU.
 */
export class AccessLogIds {
  private readonly pool = new Uint8Array(POOL_BYTES);
  private offset = POOL_BYTES;
  private msecs = -Infinity;
  private seq = 0;

  /** A new id at `now` (ms since the epoch); never before the previous one, even if the clock steps back. */
  next(now: number): string {
    if (this.offset + ID_BYTES > POOL_BYTES) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const random = this.pool.subarray(this.offset, (this.offset += ID_BYTES));
    if (now > this.msecs) {
      this.msecs = now;
      // 31 bits: the counter's top bit starts clear, so a millisecond has room for 2^31 ids.
      this.seq = (random[6] << 23) | (random[7] << 16) | (random[8] << 8) | random[9];
    } else {
      this.seq = (this.seq + 1) | 0;
      if (this.seq === 0) this.msecs += 1;
    }
    return v7({ random, msecs: this.msecs, seq: this.seq });
  }
}

/**
 * The process's one source of access-log ids, so entries from every recorder (HTTP reads, the alert
 * feed's answers) sort in the order they were made, as they did when all came from uuid's `v7()`.
 */
const ACCESS_LOG_IDS = new AccessLogIds();

/** A new access-log entry id at `now` (ms since the epoch), from ACCESS_LOG_IDS. */
export const newAccessLogId = (now: number): string => ACCESS_LOG_IDS.next(now);
