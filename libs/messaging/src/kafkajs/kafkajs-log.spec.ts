import { logLevel } from 'kafkajs';
import { kafkajsLogCreator } from './kafkajs-log';

describe('kafkajsLogCreator', () => {
  const recorded = () => {
    const lines: [string, string][] = [];
    const logger = {
      debug: (_: object, message: string) => lines.push(['debug', message]),
      info: (_: object, message: string) => lines.push(['info', message]),
      warn: (_: object, message: string) => lines.push(['warn', message]),
      error: (_: object, message: string) => lines.push(['error', message]),
    };
    const log = kafkajsLogCreator(logger)(logLevel.INFO);
    const entry = (namespace: string, level: logLevel, message: string, details: object = {}) =>
      log({ namespace, level, label: 'x', log: { message, timestamp: '', logger: 'kafkajs', ...details } });
    return { lines, entry };
  };

  it('keeps a single broker answer with an error code at debug, and what its caller makes of it as a warning or error', () => {
    const { lines, entry } = recorded();
    entry('Connection', logLevel.ERROR, 'Response ListOffsets(key: 2, version: 3)', {
      error: 'This server is not the leader for that topic-partition',
    });
    entry('Connection', logLevel.ERROR, 'Response CreateTopics(key: 19, version: 3)', {
      error: 'Topic creation errors',
    });
    entry('Consumer', logLevel.ERROR, 'Restarting the consumer in 300ms', { retryCount: 1 });
    entry('Producer', logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded', {
      error: 'KafkaJSNumberOfRetriesExceeded',
    });
    expect(lines).toEqual([
      ['debug', 'Response ListOffsets(key: 2, version: 3)'],
      ['debug', 'Response CreateTopics(key: 19, version: 3)'],
      ['warn', 'Restarting the consumer in 300ms'],
      ['error', 'Crash: KafkaJSNumberOfRetriesExceeded'],
    ]);
  });
});
