import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiFailure } from '../api';
import { useConsole } from '../console-context';
import { followFeed, type FeedState } from '../sse';
import type { Alert } from './alert-words';

export type Filters = Readonly<{ severity: string; ruleId: string; branchId: string }>;

const WAITING = 'open,acknowledged,escalated';
const PAGE = 200;

const params = (entries: Record<string, string>): string =>
  new URLSearchParams(Object.entries(entries).filter(([, value]) => value !== '')).toString();

/** Whether an alert belongs in the queue under `filters` (the feed filters by the severity an event had). */
const matches = (filters: Filters, alert: Alert): boolean =>
  alert.status !== 'resolved' &&
  (filters.severity === '' || alert.severity === filters.severity) &&
  (filters.ruleId === '' || alert.ruleId === filters.ruleId) &&
  (filters.branchId === '' || alert.branchId === filters.branchId);

type FeedEvent = { alertId?: unknown; position?: unknown };

/** The newer of two reads of the same alert: the one at the later position in the log. */
const newer = (a: Alert | undefined, b: Alert): Alert =>
  a !== undefined && BigInt(a.position) > BigInt(b.position) ? a : b;

const merged = (current: ReadonlyMap<string, Alert>, reads: readonly Alert[]): ReadonlyMap<string, Alert> => {
  const next = new Map(current);
  for (const alert of reads) next.set(alert.id, newer(next.get(alert.id), alert));
  return next;
};

/**
 * The queue: the waiting alerts read once, then kept current from the alert feed, which the server
 * narrows by the same filters (changing one subscribes again). Each feed event names an alert; the
 * alert is read again at the event's position so the row shows what the API holds now, and one that
 * was resolved or no longer matches leaves the queue.
 */
export const useQueue = (filters: Filters) => {
  const { api } = useConsole();
  // Every alert read since the filters last changed, resolved ones too: a list answer older than a
  // feed event's read must not bring back what the event changed.
  const [seen, setSeen] = useState<ReadonlyMap<string, Alert>>(new Map());
  const [loaded, setLoaded] = useState(false);
  const [state, setState] = useState<FeedState>('connecting');
  const [error, setError] = useState<Error | null>(null);
  const [more, setMore] = useState(false);
  const [events, setEvents] = useState(0);
  const { severity, ruleId, branchId } = filters;
  const refresh = useCallback(
    (alertId: string, minPosition?: string): void => {
      const wait = minPosition === undefined ? '' : `?minPosition=${encodeURIComponent(minPosition)}`;
      api.get<Alert>(`/v1/alerts/${encodeURIComponent(alertId)}${wait}`).then(
        (alert) => setSeen((current) => merged(current, [alert])),
        (failure: unknown) => !(failure instanceof ApiFailure && failure.status === 404) && setError(failure as Error),
      );
    },
    [api],
  );
  useEffect(() => {
    let live = true;
    setSeen(new Map());
    setLoaded(false);
    setError(null);
    const readWaiting = (): void => {
      const query = params({ status: WAITING, limit: String(PAGE), severity, ruleId });
      api.get<{ items: Alert[]; nextCursor: string | null }>(`/v1/alerts?${query}`).then(
        (page) => {
          if (!live) return;
          setSeen((current) => merged(current, page.items));
          setLoaded(true);
          setMore(page.nextCursor !== null);
          setError(null);
        },
        (failure: unknown) => live && setError(failure as Error),
      );
    };
    // The waiting alerts are read at once (a filter the API refuses shows its error even though the
    // feed never goes live), then each time the feed is (again) live: a feed that had delivered
    // nothing yet has no Last-Event-ID to resume from, and that read covers what it missed.
    readWaiting();
    const stop = followFeed(api, `/v1/alerts/stream?${params({ severity, ruleId, branchId })}`, {
      onState: (next) => {
        if (!live) return;
        setState(next);
        if (next === 'live') readWaiting();
        setEvents((count) => count + 1);
      },
      onMessage: (message) => {
        const data = JSON.parse(message.data) as FeedEvent;
        if (!live || typeof data.alertId !== 'string') return;
        refresh(data.alertId, typeof data.position === 'string' ? data.position : undefined);
        setEvents((count) => count + 1);
      },
    });
    return () => {
      live = false;
      stop();
    };
  }, [api, refresh, severity, ruleId, branchId]);
  // The list has no branch filter, and the feed filters by the severity an event had: both are kept to here.
  const alerts = useMemo(
    () => (loaded ? [...seen.values()].filter((alert) => matches({ severity, ruleId, branchId }, alert)) : null),
    [loaded, seen, severity, ruleId, branchId],
  );
  return { alerts, state, error, refresh, more, cases: useOpenCases(branchId, events) };
};

type CasePage = { items: { id: string; clientId: string }[] };

/**
 * The open risk case of each client (client id → case id), for the queue's links. The case keeper
 * opens a client's case shortly after its first alert, so the cases are read a moment after the
 * feed's events, and once more a little later.
 */
const useOpenCases = (branchId: string, events: number): ReadonlyMap<string, string> => {
  const { api } = useConsole();
  const [cases, setCases] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    const read = (): void => {
      api.get<CasePage>(`/v1/risk-cases?${params({ status: 'open', limit: String(PAGE), branchId })}`).then(
        (page) => live && setCases(new Map(page.items.map((riskCase) => [riskCase.clientId, riskCase.id]))),
        // The links are a convenience: without the cases the queue still works, so a failed read only leaves them out.
        () => undefined,
      );
    };
    const timers = [setTimeout(read, 300), setTimeout(read, 2500)];
    return () => {
      live = false;
      timers.forEach(clearTimeout);
    };
  }, [api, branchId, events]);
  return cases;
};
