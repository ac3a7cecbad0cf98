import type { PublishedEvent, PublishedEventType } from '../src/messages/message-contract';

/** One sample event of a published type, before the store records it. */
export type Sample<T extends PublishedEventType> = Readonly<{
  type: T;
  data: Extract<PublishedEvent, { type: T }>['data'];
  /** When the fact happened; the store records it a little later. */
  occurredAt: string;
}>;

export const sample = <T extends PublishedEventType>(
  occurredAt: string,
  type: T,
  data: Sample<T>['data'],
): Sample<T> => ({ type, data, occurredAt });
