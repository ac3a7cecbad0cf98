import type { logCreator } from 'kafkajs';
import type { MessagingLogger } from '../message-broker.port';
import { kafkajs } from './kafkajs-module';

/**
 * Routes kafkajs's own log lines into the process logger. kafkajs logs broker errors it is about
 * to retry (a coordinator still loading, a leader moving) at ERROR; they are expected on a broker
 * restart, so they arrive here as warnings and only a crash or an exhausted retry is an error.
 */
export const kafkajsLogCreator =
  (logger: MessagingLogger): logCreator =>
  () => {
    const { logLevel } = kafkajs();
    return ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _name, ...details } = log;
      const line = { component: 'kafkajs', namespace, ...details };
      // Said once per producer: bounded retries are deliberate here (the relay resends the batch
      // itself and consumers drop repeats), so it is not worth a warning.
      if (message.startsWith('Limiting retries for the idempotent producer')) return;
      // One broker answer with an error code ("not the leader", "topic already exists" while
      // creating topics): the request's caller retries it or fails with an error of its own, which
      // is what is worth a warning. Every start on a fresh topic met a few of these.
      if (namespace === 'Connection' && message.startsWith('Response ')) {
        logger.debug?.(line, message);
        return;
      }
      if (level === logLevel.ERROR && /crash|exhausted|KafkaJSNumberOfRetriesExceeded/i.test(JSON.stringify(details))) {
        logger.error(line, message);
      } else if (level === logLevel.ERROR || level === logLevel.WARN) {
        logger.warn(line, message);
      } else if (level === logLevel.INFO) {
        logger.info(line, message);
      }
    };
  };
