/** The locale tables, picking one from a BCP 47 tag, and applying an application's overrides on top. */
import { en, type Strings } from './en.js';
import { de } from './de.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ru } from './ru.js';

export type { Strings };

export const LOCALES = { en, de, es, fr, ru } satisfies Record<string, Strings>;

export type Locale = keyof typeof LOCALES;

export const DEFAULT_LOCALE: Locale = 'en';

function isLocale(tag: string): tag is Locale {
  return Object.prototype.hasOwnProperty.call(LOCALES, tag);
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

/** The strings for `lang` (see pickLocale), with `overrides` merged in deeply. Never changes the tables in LOCALES. */
export function resolveStrings(lang: string | null | undefined, overrides?: StringOverrides | null): Strings {
  const base = LOCALES[pickLocale(lang)] as Strings;
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
