import { consoleDestination, logFormatOf } from './console-destination';

describe('consoleDestination', () => {
  it('writes JSON unless a person watches a terminal, or LOG_FORMAT says otherwise', () => {
    expect(consoleDestination('auto', false)).toBeUndefined();
    expect(consoleDestination('json', true)).toBeUndefined();
    const pretty = consoleDestination('auto', true);
    expect(pretty).toBeDefined();
    expect(consoleDestination('pretty', false)).toBe(pretty);
  });

  it('takes auto, json or pretty, and names the variable otherwise', () => {
    expect(logFormatOf({})).toBe('auto');
    expect(logFormatOf({ LOG_FORMAT: 'json' })).toBe('json');
    expect(() => logFormatOf({ LOG_FORMAT: 'xml' })).toThrow(
      'invalid configuration: LOG_FORMAT must be auto, json or pretty',
    );
  });
});
