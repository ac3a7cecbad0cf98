import { SseParser } from './sse';

describe('SseParser (the alert feed as the console reads it over fetch)', () => {
  it('reads id, event and data, skipping comments and the retry line', () => {
    const parser = new SseParser();
    const messages = parser.push('retry: 2000\n\n: heartbeat\n\nid: 41\nevent: AlertRaised\ndata: {"alertId":"a"}\n\n');
    expect(messages).toEqual([{ id: '41', event: 'AlertRaised', data: '{"alertId":"a"}' }]);
    expect(parser.retryMs).toBe(2000);
  });

  it('joins a message split across chunks anywhere, CRLF included', () => {
    const parser = new SseParser();
    const text = 'id: 7\r\nevent: AlertResolved\r\ndata: {"x":1}\r\n\r\nid: 8\ndata: line one\ndata: line two\n\n';
    const seen = [...text].flatMap((char) => parser.push(char));
    expect(seen).toEqual([
      { id: '7', event: 'AlertResolved', data: '{"x":1}' },
      { id: '8', event: 'message', data: 'line one\nline two' },
    ]);
  });

  it('keeps the last id for later messages without one, and ignores an event with no data', () => {
    const parser = new SseParser();
    expect(parser.push('id: 3\nevent: AlertRaised\n\nevent: AlertRaised\ndata: d\n\n')).toEqual([
      { id: '3', event: 'AlertRaised', data: 'd' },
    ]);
  });

  it('leaves an unfinished message for the next chunk', () => {
    const parser = new SseParser();
    expect(parser.push('id: 9\ndata: partial')).toEqual([]);
    expect(parser.push('\n\n')).toEqual([{ id: '9', event: 'message', data: 'partial' }]);
  });
});
