import { ConfigError } from '@crm/platform';
import { alertFeedOptionsFromEnv, DEFAULT_ALERT_FEED_OPTIONS } from './alert-feed.options';

describe('alertFeedOptionsFromEnv', () => {
  it('needs nothing: the defaults apply', () => {
    expect(alertFeedOptionsFromEnv({})).toEqual(DEFAULT_ALERT_FEED_OPTIONS);
    expect(DEFAULT_ALERT_FEED_OPTIONS).toMatchObject({
      heartbeatMs: 15_000,
      maxQueuedEvents: 1_000,
      maxQueuedBytes: 1_048_576,
      maxConnectionsPerUser: 20,
      maxConnections: 5_000,
    });
  });

  it('reads each variable', () => {
    expect(
      alertFeedOptionsFromEnv({
        ALERT_STREAM_HEARTBEAT_MS: '200',
        ALERT_STREAM_MAX_QUEUED_EVENTS: '50',
        ALERT_STREAM_MAX_QUEUED_BYTES: '65536',
        ALERT_STREAM_STALL_TIMEOUT_MS: '5000',
        ALERT_STREAM_PAGE_SIZE: '100',
        ALERT_STREAM_MAX_CONNECTIONS_PER_USER: '3',
        ALERT_STREAM_MAX_CONNECTIONS: '40',
      }),
    ).toEqual({
      heartbeatMs: 200,
      maxQueuedEvents: 50,
      maxQueuedBytes: 65536,
      stallTimeoutMs: 5000,
      pageSize: 100,
      maxConnectionsPerUser: 3,
      maxConnections: 40,
    });
  });

  it.each([
    ['ALERT_STREAM_HEARTBEAT_MS', '15s'],
    ['ALERT_STREAM_HEARTBEAT_MS', '0'],
    ['ALERT_STREAM_MAX_QUEUED_EVENTS', '-1'],
    ['ALERT_STREAM_MAX_QUEUED_BYTES', '1e6'],
    ['ALERT_STREAM_STALL_TIMEOUT_MS', '99999999999'],
    ['ALERT_STREAM_PAGE_SIZE', ' 5'],
    ['ALERT_STREAM_MAX_CONNECTIONS_PER_USER', '0'],
    ['ALERT_STREAM_MAX_CONNECTIONS', 'many'],
  ])('refuses %s=%p, naming the variable', (name, value) => {
    expect(() => alertFeedOptionsFromEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => alertFeedOptionsFromEnv({ [name]: value })).toThrow(name);
  });
});
