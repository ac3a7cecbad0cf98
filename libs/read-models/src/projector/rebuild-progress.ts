import type { RebuildProgress, RebuildResult } from './generation-rebuild';

const BAR_WIDTH = 10;
const count = (n: number): string => n.toLocaleString('en-US');

/** `[#####-----] 48% 512,000/1,066,000 events 71,204 ev/s ETA 8s` */
export const formatRebuildProgress = (p: RebuildProgress): string => {
  const share = p.total === 0 ? 1 : Math.min(1, p.projected / p.total);
  const filled = Math.round(share * BAR_WIDTH);
  const seconds = Math.max(0.001, p.elapsedMs / 1000);
  const rate = p.projected / seconds;
  const eta = rate > 0 ? Math.ceil((p.total - p.projected) / rate) : null;
  return (
    `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${Math.floor(share * 100)}% ` +
    `${count(p.projected)}/${count(p.total)} events ${count(Math.round(rate))} ev/s ETA ${eta === null ? '?' : `${eta}s`}`
  );
};

/** The final line: what was rebuilt, how fast, and which generation is now live. */
export const formatRebuildSummary = (r: RebuildResult): string =>
  `rebuilt ${r.projection}: ${count(r.events)} events in ${(r.ms / 1000).toFixed(1)}s, ${count(r.eventsPerSecond)} events/s; ` +
  `switched from generation ${r.previous} to ${r.generation} at position ${r.position}` +
  (r.discarded === null ? '' : ` (discarded the interrupted generation ${r.discarded})`);
