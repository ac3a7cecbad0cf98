import { setTimeout as sleep } from 'node:timers/promises';
import type { BankCalendar } from '@crm/domain';
import type { EventStore } from '@crm/event-store';
import {
  deadLetterFor,
  type ConsumerHandle,
  type IncomingMessage,
  type MessageBroker,
  type MessageProducer,
  type MessagingLogger,
} from '@crm/messaging';
import type { FactLedger } from '../ledger/fact-ledger.port';
import { FactApplier } from './fact-applier';
import { InboundIngestor, type FactOutcome } from './inbound-ingestor';

export type IngestWorkerOptions = Readonly<{
  store: EventStore;
  ledger: FactLedger;
  calendar: BankCalendar;
  /** Days a manager has for a detractor's recovery task (SATISFACTION_RECOVERY_DAYS). */
  recoveryDays: number;
  broker: MessageBroker;
  groupId: string;
  topic: string;
  deadLetterTopic: string;
  partitions: number;
  parkMs: number;
  /** How often parked facts are tried again. */
  parkRetryMs: number;
  logger: MessagingLogger;
  onOutcome?: (outcome: FactOutcome, type: string) => void;
}>;

export type IngestStatus = Readonly<{
  running: boolean;
  startError: string | null;
  /** Records behind the newest of the topic, over the partitions this process has fetched from. */
  lag: number;
  outcomes: Readonly<Record<FactOutcome, number>>;
}>;

/**
 * Records handled between two offset commits: a crash redoes at most this many (each recognised
 * as a duplicate), and a long fetch still heartbeats between chunks.
 */
const CHUNK = 500;

/**
 * Reads crm.inbound.client-facts.v1 between `start()` and `stop()` (each term of its lease) and
 * retries parked facts on a timer. A Kafka outage at start is retried in the background and shown
 * in the status. Offsets move only after a chunk's records are settled, parked or dead-lettered,
 * so a crash redelivers work the ledger and the derived event ids recognise.
 */
export class IngestWorker {
  private readonly ingestor: InboundIngestor;
  private consumer: ConsumerHandle | null = null;
  private deadLetters: Promise<MessageProducer> | null = null;
  private readonly lagByPartition = new Map<number, number>();
  private readonly counts: Record<FactOutcome, number> = { applied: 0, duplicate: 0, 'dead-lettered': 0, parked: 0 };
  private running = false;
  private startError: string | null = null;
  private term: Readonly<{ abort: AbortController; starting: Promise<void> }> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private retrying = false;

  constructor(private readonly options: IngestWorkerOptions) {
    this.ingestor = new InboundIngestor({
      applier: new FactApplier(options.store, options.calendar, undefined, options.recoveryDays),
      ledger: options.ledger,
      deadLetter: (origin, reason) => this.deadLetter(origin, reason),
      parkMs: options.parkMs,
      logger: options.logger,
      onOutcome: (outcome, type) => {
        this.counts[outcome] += 1;
        options.onOutcome?.(outcome, type);
      },
    });
  }

  status(): IngestStatus {
    return {
      running: this.running,
      startError: this.startError,
      lag: [...this.lagByPartition.values()].reduce((sum, lag) => sum + lag, 0),
      outcomes: { ...this.counts },
    };
  }

  parkedCount(): Promise<number> {
    return this.options.ledger.parkedCount();
  }

  start(): Promise<void> {
    if (this.term === null) {
      const abort = new AbortController();
      this.term = { abort, starting: this.startWithRetries(abort.signal) };
    }
    return Promise.resolve();
  }

  /** Resolves once the current term's consumer has started (or the term was stopped). */
  async started(): Promise<void> {
    await this.term?.starting;
  }

  async stop(): Promise<void> {
    const term = this.term;
    this.term = null;
    if (term === null) return;
    term.abort.abort();
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await term.starting.catch(() => undefined);
    await this.consumer?.stop();
    this.consumer = null;
    await this.ingestor.idle();
    const producer = this.deadLetters;
    this.deadLetters = null;
    await (await producer?.catch(() => null))?.close();
    this.running = false;
    this.startError = null;
  }

  async close(): Promise<void> {
    await this.stop();
    await this.options.broker.close();
    await this.options.ledger.close();
  }

  private async startWithRetries(signal: AbortSignal): Promise<void> {
    let delay = 500;
    while (!signal.aborted) {
      try {
        await this.options.broker.ensureTopics([
          { name: this.options.topic, partitions: this.options.partitions },
          { name: this.options.deadLetterTopic, partitions: this.options.partitions },
        ]);
        this.consumer = await this.options.broker.consume(
          { groupId: this.options.groupId, topics: [this.options.topic], fromBeginning: true },
          (messages, control) => this.handleBatch(messages, control),
        );
        this.running = true;
        this.startError = null;
        break;
      } catch (error) {
        this.startError = error instanceof Error ? error.message : 'unknown error';
        this.options.logger.warn({ error: this.startError, retryInMs: delay }, 'ingest could not start; retrying');
        try {
          await sleep(delay, undefined, { signal });
        } catch {
          return;
        }
        delay = Math.min(delay * 2, 10_000);
      }
    }
    if (signal.aborted) return;
    this.timer = setInterval(() => void this.retryParked(), this.options.parkRetryMs);
  }

  private async handleBatch(
    messages: readonly IncomingMessage[],
    control: Parameters<Parameters<MessageBroker['consume']>[1]>[1],
  ): Promise<void> {
    const high = BigInt(control.highWatermark);
    for (let start = 0; start < messages.length; start += CHUNK) {
      if (!control.isRunning()) return;
      const chunk = messages.slice(start, start + CHUNK);
      await this.ingestor.handle(chunk);
      const last = chunk[chunk.length - 1];
      control.handled(last);
      this.lagByPartition.set(last.partition, Number(high - BigInt(last.offset) - 1n));
      await control.heartbeat();
    }
  }

  /** A slow pass never overlaps the next tick. */
  private async retryParked(): Promise<void> {
    if (this.retrying) return;
    this.retrying = true;
    try {
      await this.ingestor.retryParked();
    } catch (error) {
      this.options.logger.error(
        { error: error instanceof Error ? error.message : 'unknown' },
        'ingest retry of parked facts failed',
      );
    } finally {
      this.retrying = false;
    }
  }

  private async deadLetter(origin: IncomingMessage, reason: string): Promise<void> {
    this.deadLetters ??= this.options.broker.producer();
    const producer = await this.deadLetters;
    await producer.send(this.options.deadLetterTopic, [
      deadLetterFor(origin, reason, this.options.groupId, new Date()),
    ]);
    // Where and why, never the record's content: a fact names a client and amounts.
    this.options.logger.warn(
      { topic: origin.topic, partition: origin.partition, offset: origin.offset, reason },
      'inbound fact sent to the dead-letter topic',
    );
  }
}
