import { releaseHeap } from '@crm/platform';
import type { ProjectionLogger } from './projection-runner';

/**
 * A catch-up shorter than this leaves too little garbage to be worth a full collection's pause
 * (a restart after minutes of downtime projects a few thousand events, while the API may serve).
 */
export const RELEASE_HEAP_AFTER_EVENTS = 100_000;

const MIB = 1024 * 1024;

/**
 * The runner's onCaughtUp for the API: after a long catch-up, the heap pages its batches churned
 * through go back to the OS (releaseHeap), so the process settles at its working set rather than at
 * the catch-up's peak. Logs what it gave back and how long the thread stopped.
 */
export const releaseHeapAfterLongCatchUp =
  (logger?: ProjectionLogger, release: () => boolean = releaseHeap) =>
  (projected: number): void => {
    if (projected < RELEASE_HEAP_AFTER_EVENTS) return;
    const rssBefore = process.memoryUsage.rss();
    const started = performance.now();
    if (!release()) return;
    logger?.info(
      {
        events: projected,
        rssBeforeMiB: Math.round(rssBefore / MIB),
        rssAfterMiB: Math.round(process.memoryUsage.rss() / MIB),
        ms: Math.round(performance.now() - started),
      },
      'heap given back to the OS after the catch-up',
    );
  };
