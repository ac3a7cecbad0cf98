import { KafkajsMessageBroker, type MessagingLogger } from '../index';

// Every process loads the messaging package; only one that talks to Kafka may load kafkajs.
jest.mock('kafkajs', () => {
  throw new Error('kafkajs was loaded');
});

const silent: MessagingLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('the messaging package and kafkajs', () => {
  it('is loaded without loading it', () => {
    expect(KafkajsMessageBroker).toBeInstanceOf(Function);
  });

  it('loads it when a broker is made', () => {
    expect(() => new KafkajsMessageBroker({ brokers: ['127.0.0.1:1'], clientId: 'test', logger: silent })).toThrow(
      'kafkajs was loaded',
    );
  });
});
