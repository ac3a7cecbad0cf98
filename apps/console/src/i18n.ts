/**
 * The console's two languages and the bank's formats. Each page keeps its own messages beside it
 * (`messages({...en}, {...zh})`), so a page brings its words with it; the two dictionaries must
 * hold the same keys, which the types check. Amounts and dates are shown in the bank's locale and
 * time zone whatever the browser's.
 */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export const BANK_TIME_ZONE = 'Asia/Shanghai';

let current: Locale = 'en';
const listeners = new Set<(locale: Locale) => void>();

export const locale = (): Locale => current;

export const setLocale = (next: Locale): void => {
  current = next;
  document.documentElement.lang = next;
  for (const listener of listeners) listener(next);
};

export const onLocaleChange = (listener: (locale: Locale) => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export type Translate<K extends string> = (key: K, vars?: Readonly<Record<string, string | number>>) => string;

/** A page's messages in both languages; `{name}` in a message is filled from `vars`. */
export const messages =
  <K extends string>(en: Readonly<Record<K, string>>, zh: Readonly<Record<K, string>>): Translate<K> =>
  (key, vars) => {
    const text = (current === 'en' ? en : zh)[key];
    return vars === undefined ? text : text.replace(/\{(\w+)\}/g, (whole, name: string) => String(vars[name] ?? whole));
  };

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

const numberFormat = (key: string, make: () => Intl.NumberFormat): Intl.NumberFormat => {
  const id = `${current}|${key}`;
  let format = numberFormats.get(id);
  if (format === undefined) numberFormats.set(id, (format = make()));
  return format;
};

const dateFormat = (key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => {
  const id = `${current}|${key}`;
  let format = dateFormats.get(id);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(current, { timeZone: BANK_TIME_ZONE, ...options });
    dateFormats.set(id, format);
  }
  return format;
};

/** An amount as the API gives it (a decimal string) in its currency, e.g. ¥1,250,000.00. */
export const formatMoney = (amount: string | number | null | undefined, currency = 'CNY'): string => {
  if (amount === null || amount === undefined || amount === '') return '—';
  const value = Number(amount);
  if (!Number.isFinite(value)) return String(amount);
  return numberFormat(
    `money|${currency}`,
    () => new Intl.NumberFormat(current, { style: 'currency', currency }),
  ).format(value);
};

export const formatNumber = (value: number | null | undefined, fractionDigits = 0): string =>
  value === null || value === undefined
    ? '—'
    : numberFormat(
        `n|${fractionDigits}`,
        () => new Intl.NumberFormat(current, { maximumFractionDigits: fractionDigits }),
      ).format(value);

export const formatPercent = (ratio: number | null | undefined): string =>
  ratio === null || ratio === undefined
    ? '—'
    : numberFormat('pct', () => new Intl.NumberFormat(current, { style: 'percent', maximumFractionDigits: 1 })).format(
        ratio,
      );

/** A calendar date (`2026-12-04`) or an instant's date in the bank's time zone. */
export const formatDate = (value: string | null | undefined): string => {
  if (value === null || value === undefined || value === '') return '—';
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00+08:00`) : new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  return dateFormat('date', { year: 'numeric', month: 'short', day: 'numeric' }).format(instant);
};

/** An instant in the bank's time zone, to the minute. */
export const formatDateTime = (value: string | null | undefined): string => {
  if (value === null || value === undefined || value === '') return '—';
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  return dateFormat('dateTime', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(instant);
};
