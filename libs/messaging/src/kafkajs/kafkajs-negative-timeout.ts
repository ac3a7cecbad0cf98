import { sep } from 'node:path';

const REQUEST_QUEUE = ['kafkajs', 'src', 'network', 'requestQueue'].join(sep);
const filtered = new WeakSet<NodeJS.EventEmitter>();

/**
 * kafkajs 2.2.4, its last release, schedules its request queue's throttle check at
 * `throttledUntil - Date.now()`: a large negative delay whenever nothing is throttled
 * (tulios/kafkajs#1751, unfixed upstream). Node 24 turns that delay into 1 ms, which is what
 * kafkajs means, and prints a TimeoutNegativeWarning on every client's first request. Only that
 * warning is recognised: its type and a stack through kafkajs's request queue.
 */
export const isKafkajsNegativeTimeout = (warning: Error): boolean =>
  warning.name === 'TimeoutNegativeWarning' && (warning.stack ?? '').includes(REQUEST_QUEUE);

/**
 * Puts a filter in front of the process's warning handlers (Node's printer among them) that
 * drops kafkajs's negative-timeout warning and hands every other warning on unchanged. Once per
 * process; a process started with --no-warnings has no handler and stays silent anyway.
 */
export const dropKafkajsNegativeTimeoutWarnings = (target: NodeJS.EventEmitter = process): void => {
  if (filtered.has(target)) return;
  filtered.add(target);
  const handlers = target.listeners('warning') as ((warning: Error) => void)[];
  target.removeAllListeners('warning');
  target.on('warning', (warning: Error) => {
    if (isKafkajsNegativeTimeout(warning)) return;
    for (const handler of handlers) handler.call(target, warning);
  });
};
