import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { dropKafkajsNegativeTimeoutWarnings, isKafkajsNegativeTimeout } from './kafkajs-negative-timeout';

const warning = (name: string, frame: string): Error => {
  const error = new Error('-1796277819160 is a negative number.');
  error.name = name;
  error.stack = `${name}: ${error.message}\n    at new Timeout (node:internal/timers:195:17)\n    at ${frame}`;
  return error;
};

const KAFKAJS_FRAME = `RequestQueue.scheduleCheckPendingRequests (${join('/app', 'node_modules', 'kafkajs', 'src', 'network', 'requestQueue', 'index.js')}:317:37)`;
const OWN_FRAME = `Poller.schedule (${join('/app', 'dist', 'libs', 'platform', 'poller.js')}:12:5)`;

describe("kafkajs's negative-timeout warning", () => {
  it('is recognised by its type and a stack through kafkajs’s request queue, nothing else', () => {
    expect(isKafkajsNegativeTimeout(warning('TimeoutNegativeWarning', KAFKAJS_FRAME))).toBe(true);
    expect(isKafkajsNegativeTimeout(warning('TimeoutNegativeWarning', OWN_FRAME))).toBe(false);
    expect(isKafkajsNegativeTimeout(warning('DeprecationWarning', KAFKAJS_FRAME))).toBe(false);
  });

  it('is dropped before the process’s handlers, which still get every other warning', () => {
    const target = new EventEmitter();
    const printed: string[] = [];
    target.on('warning', (w: Error) => printed.push(w.stack ?? ''));
    dropKafkajsNegativeTimeoutWarnings(target);
    dropKafkajsNegativeTimeoutWarnings(target);
    target.emit('warning', warning('TimeoutNegativeWarning', KAFKAJS_FRAME));
    target.emit('warning', warning('TimeoutNegativeWarning', OWN_FRAME));
    target.emit('warning', warning('DeprecationWarning', KAFKAJS_FRAME));
    expect(printed).toHaveLength(2);
    expect(printed[0]).toContain('Poller.schedule');
    expect(printed[1]).toMatch(/^DeprecationWarning/);
  });
});
