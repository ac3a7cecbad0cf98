import { formatDate, formatDateTime, formatMoney, messages, setLocale } from './i18n';

// setLocale sets <html lang>; the unit project runs without a DOM.
(globalThis as { document?: unknown }).document = { documentElement: { lang: '' } };

describe('the console in two languages, in the bank’s formats', () => {
  afterEach(() => setLocale('en'));

  it('speaks the chosen language and fills named values', () => {
    const t = messages({ greet: 'Hello {name}' }, { greet: '您好，{name}' });
    expect(t('greet', { name: 'Li' })).toBe('Hello Li');
    setLocale('zh-CN');
    expect(t('greet', { name: '李' })).toBe('您好，李');
  });

  it('shows amounts as the decimal strings the API sends, in the currency', () => {
    expect(formatMoney('1250000.5')).toBe('CN¥1,250,000.50');
    setLocale('zh-CN');
    expect(formatMoney('1250000.5')).toBe('¥1,250,000.50');
    expect(formatMoney(null)).toBe('—');
  });

  it('dates an instant in the bank’s time zone, not the browser’s', () => {
    // 2026-12-31T17:30Z is already 1 January in Shanghai.
    expect(formatDate('2026-12-31T17:30:00Z')).toBe('Jan 1, 2027');
    expect(formatDate('2026-12-31')).toBe('Dec 31, 2026');
    setLocale('zh-CN');
    expect(formatDateTime('2026-12-31T17:30:00Z')).toBe('2027年1月1日 01:30');
  });
});
