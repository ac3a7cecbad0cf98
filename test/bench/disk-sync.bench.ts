import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summariseLatency, type BenchReport } from './report';

const SYNCS = 2_000;
const WRITE_BYTES = 16 * 1024;

/**
 * The disk's durable-write rate (16 KiB write + fdatasync, as one small SQLite WAL commit does).
 * It bounds every one-at-a-time durable commit, so the other figures read against it; on shared
 * virtual disks it also varies from run to run.
 */
export async function diskSyncBench(report: BenchReport): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-sync-'));
  const fd = openSync(join(dir, 'sync.bin'), 'w');
  const buffer = Buffer.alloc(WRITE_BYTES, 1);
  const latencies = new Float64Array(SYNCS);
  try {
    const started = process.hrtime.bigint();
    for (let n = 0; n < SYNCS; n++) {
      const t = process.hrtime.bigint();
      writeSync(fd, buffer, 0, buffer.length, (n % 256) * WRITE_BYTES);
      fdatasyncSync(fd);
      latencies[n] = Number(process.hrtime.bigint() - t) / 1e6;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    report.record({
      bench: 'disk',
      name: 'write 16 KiB + fdatasync',
      store: 'file',
      operations: SYNCS,
      unit: 'syncs',
      seconds,
      perSecond: SYNCS / seconds,
      latency: summariseLatency(latencies),
      notes: 'upper bound for sequential durable commits',
    });
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}
