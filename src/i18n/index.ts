/**
 * Picking a locale from a BCP 47 tag, loading its table (English is built in; the others are loaded
 * on first use, so a page pays only for its language), and laying an application's overrides on top.
 */
import { loadLocaleModule } from '../lazy.js';
import { en, type Strings } from './en.js';

export type { Strings };

export const LOCALE_NAMES = ['en', 'de', 'es', 'fr', 'ru'] as const;

export type Locale = (typeof LOCALE_NAMES)[number];

export const DEFAULT_LOCALE: Locale = 'en';

function isLocale(tag: string): tag is Locale {
  return (LOCALE_NAMES as readonly string[]).includes(tag);
}

/** The tables loaded so far. */
const loaded: Partial<Record<Locale, Strings>> = { en };
const loading: Partial<Record<Locale, Promise<Strings>>> = {};

/** Whether `locale`'s table is ready for resolveStrings. */
export function isLocaleLoaded(locale: Locale): boolean {
  return locale in loaded;
}

/** Loads `locale`'s table (once); resolveStrings uses it from then on. */
export function loadLocale(locale: Locale): Promise<Strings> {
  if (loaded[locale]) return Promise.resolve(loaded[locale]!);
  loading[locale] ??= loadLocaleModule(locale as Exclude<Locale, 'en'>).then(
    (module) => (loaded[locale] = module[locale]),
    (err) => {
      delete loading[locale]; // the next render tries again
      throw err;
    },
  );
  return loading[locale]!;
}

/**
 * The table for a BCP 47 language tag, matched on its primary subtag, case-insensitively:
 * 'de-AT' → 'de', 'FR_ca' → 'fr'. Anything unknown or missing → 'en'.
 */
export function pickLocale(lang: string | null | undefined): Locale {
  if (typeof lang !== 'string') return DEFAULT_LOCALE;
  const primary = lang.trim().toLowerCase().split(/[-_]/, 1)[0] ?? '';
  return isLocale(primary) ? primary : DEFAULT_LOCALE;
}

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends (...args: never[]) => unknown ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};

/** Any subset of the strings, nested tables included: `{ selectButton: 'Pick', errors: { network: 'Offline' } }`. */
export type StringOverrides = DeepPartial<Strings>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function kind(value: unknown): string {
  return isPlainObject(value) ? 'object' : typeof value;
}

/** A new object: `base` with `overrides` laid over it; nested plain objects are merged, not replaced. */
function merge(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) result[key] = isPlainObject(value) ? merge(value, {}) : value;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined || key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const current = result[key];
    // A value of the wrong kind (a string where a function belongs, say, from untyped JSON) is ignored rather than
    // left to break rendering later.
    if (current !== undefined && kind(current) !== kind(value)) continue;
    result[key] = isPlainObject(value) ? merge(isPlainObject(current) ? current : {}, value) : value;
  }
  return result;
}

/**
 * The strings for `lang` (see pickLocale), with `overrides` merged in deeply; English until that
 * locale is loaded (loadLocale). Never changes the tables themselves.
 */
export function resolveStrings(lang: string | null | undefined, overrides?: StringOverrides | null): Strings {
  const base = loaded[pickLocale(lang)] ?? en;
  return merge(base as unknown as Record<string, unknown>, (overrides ?? {}) as Record<string, unknown>) as unknown as Strings;
}

/**
 * The language in effect for an element: the nearest `lang` attribute on it or its ancestors, continuing out of
 * shadow roots through their hosts; else the document's; else null (no DOM, as in server rendering).
 */
export function langOf(element: Element): string | null {
  let current: Element | null = element;
  while (current) {
    const found = current.closest('[lang]');
    if (found) return found.getAttribute('lang');
    const root: Node | undefined = current.getRootNode?.();
    // A ShadowRoot is a document fragment with a host; checked by shape so it works across realms and without globals.
    current = root && root !== current && root.nodeType === 11 && 'host' in root ? ((root as ShadowRoot).host ?? null) : null;
  }
  if (typeof document === 'undefined') return null;
  return document.documentElement?.lang || null;
}
