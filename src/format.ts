/** Sizes, speeds and durations in the reader's language, through Intl (formatters are made once and reused). */

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

const formatters = new Map<string, Intl.NumberFormat>();

/** An Intl.NumberFormat per locale and options: building one costs far more than using it. */
function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

export function formatBytes(bytes: number, locale?: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return numberFormat(locale, {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : value < 10 ? 1 : 0,
  }).format(value);
}

export function formatSpeed(bytesPerSecond: number, locale?: string): string {
  return `${formatBytes(bytesPerSecond, locale)}/s`;
}

export function formatDuration(seconds: number, locale?: string): string {
  const s = Math.max(0, Math.round(seconds));
  const fmt = (value: number, unit: 'hour' | 'minute' | 'second') => numberFormat(locale, { style: 'unit', unit, unitDisplay: 'narrow' }).format(value);
  if (s >= 3600) return `${fmt(Math.floor(s / 3600), 'hour')} ${fmt(Math.floor((s % 3600) / 60), 'minute')}`;
  if (s >= 60) return `${fmt(Math.floor(s / 60), 'minute')} ${fmt(s % 60, 'second')}`;
  return fmt(s, 'second');
}

export function formatPercent(percent: number, locale?: string): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(Math.floor(percent) / 100);
}
