import { EVENT_TYPE, STREAM_NAME } from '@eventstore/db-client';
import { LogScope } from './log-scope';

describe('LogScope', () => {
  it('without a namespace, uses stream names as they are and skips only system events', () => {
    const scope = new LogScope();
    expect(scope.serverStreamName('client-1')).toBe('client-1');
    expect(scope.streamIdOf('client-1')).toBe('client-1');
    expect(scope.accepts('client-1', 'ClientConverted')).toBe(true);
    expect(scope.accepts('$$client-1', '$metadata')).toBe(false);
    expect(scope.accepts('$ce-client', '$>')).toBe(false);
    expect(scope.accepts('client-1', '$metadata')).toBe(false);
    expect(scope.subscriptionFilter()).toMatchObject({ filterOn: EVENT_TYPE, regex: '^[^$].*' });
  });

  it('with a namespace, prefixes stream names and sees only its own streams', () => {
    const scope = new LogScope('tenant-a/');
    expect(scope.serverStreamName('client-1')).toBe('tenant-a/client-1');
    expect(scope.streamIdOf('tenant-a/client-1')).toBe('client-1');
    expect(scope.streamIdOf('tenant-b/client-1')).toBeNull();
    expect(scope.accepts('tenant-a/client-1', 'ClientConverted')).toBe(true);
    expect(scope.accepts('tenant-b/client-1', 'ClientConverted')).toBe(false);
    expect(scope.accepts('tenant-a/client-1', '$metadata')).toBe(false);
    expect(scope.subscriptionFilter()).toMatchObject({ filterOn: STREAM_NAME, prefixes: ['tenant-a/'] });
  });

  it('refuses a namespace inside the system streams', () => {
    expect(() => new LogScope('$tenant')).toThrow(/must not start with "\$"/);
  });
});
