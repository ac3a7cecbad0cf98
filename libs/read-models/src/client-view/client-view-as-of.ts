import type { RecordedEvent } from '@crm/event-store';
import type { ClientView } from './client-view';
import { evolveClientView } from './client-view.projection';

/**
 * The single-window view as it stood at `asOf` (`GET /v1/clients/:id?asOf=`), folded from the
 * client's stream with the projector's own function.
 *
 * Cut on `recordedAt`, not `occurredAt`: "as it stood then" means what the bank knew then, which
 * is what decisions taken at that moment were based on. A contact logged on Friday about a Monday
 * visit was not in Monday's view; cutting on occurredAt would rewrite the past with facts learnt
 * later and make an audit of past decisions impossible.
 *
 * `events` is one client stream in revision order. The fold stops at the first event recorded
 * after `asOf` so the result is always a prefix of the stream, even if clocks ever stepped back.
 * Returns null when the client did not exist yet.
 */
export const clientViewAsOf = (events: readonly RecordedEvent[], asOf: Date): ClientView | null => {
  const cutoff = asOf.getTime();
  let view: ClientView | null = null;
  for (const event of events) {
    if (Date.parse(event.recordedAt) > cutoff) break;
    view = evolveClientView(view, event);
  }
  return view;
};
