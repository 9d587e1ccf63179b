/**
 * The languages a subtitle can be in: ISO 639-2 codes, as Gcore takes them (`eng`, `ger`, `fre`: the
 * bibliographic ones), labelled in the page's language with `Intl.DisplayNames`. DisplayNames takes
 * BCP 47 tags, so each code is mapped to its ISO 639-1 tag where there is one (`ger` → `de`); codes
 * without one (`fil`) are valid BCP 47 tags themselves. Without Intl.DisplayNames, the English name.
 */

/** [ISO 639-2 code, BCP 47 tag, English name]: the languages offered, Gcore's most common first in no order that matters. */
const TABLE: ReadonlyArray<readonly [string, string, string]> = [
  ['eng', 'en', 'English'], ['ger', 'de', 'German'], ['fre', 'fr', 'French'], ['spa', 'es', 'Spanish'],
  ['ita', 'it', 'Italian'], ['por', 'pt', 'Portuguese'], ['rus', 'ru', 'Russian'], ['ukr', 'uk', 'Ukrainian'],
  ['pol', 'pl', 'Polish'], ['dut', 'nl', 'Dutch'], ['tur', 'tr', 'Turkish'], ['jpn', 'ja', 'Japanese'],
  ['chi', 'zh', 'Chinese'], ['kor', 'ko', 'Korean'], ['ara', 'ar', 'Arabic'], ['hin', 'hi', 'Hindi'],
  ['ben', 'bn', 'Bangla'], ['urd', 'ur', 'Urdu'], ['per', 'fa', 'Persian'], ['heb', 'he', 'Hebrew'],
  ['gre', 'el', 'Greek'], ['cze', 'cs', 'Czech'], ['slo', 'sk', 'Slovak'], ['hun', 'hu', 'Hungarian'],
  ['rum', 'ro', 'Romanian'], ['bul', 'bg', 'Bulgarian'], ['hrv', 'hr', 'Croatian'], ['srp', 'sr', 'Serbian'],
  ['slv', 'sl', 'Slovenian'], ['mac', 'mk', 'Macedonian'], ['alb', 'sq', 'Albanian'], ['bos', 'bs', 'Bosnian'],
  ['swe', 'sv', 'Swedish'], ['nor', 'no', 'Norwegian'], ['dan', 'da', 'Danish'], ['fin', 'fi', 'Finnish'],
  ['ice', 'is', 'Icelandic'], ['est', 'et', 'Estonian'], ['lav', 'lv', 'Latvian'], ['lit', 'lt', 'Lithuanian'],
  ['bel', 'be', 'Belarusian'], ['geo', 'ka', 'Georgian'], ['arm', 'hy', 'Armenian'], ['aze', 'az', 'Azerbaijani'],
  ['kaz', 'kk', 'Kazakh'], ['uzb', 'uz', 'Uzbek'], ['mon', 'mn', 'Mongolian'], ['cat', 'ca', 'Catalan'],
  ['baq', 'eu', 'Basque'], ['glg', 'gl', 'Galician'], ['gle', 'ga', 'Irish'], ['wel', 'cy', 'Welsh'],
  ['ltz', 'lb', 'Luxembourgish'], ['mlt', 'mt', 'Maltese'], ['afr', 'af', 'Afrikaans'], ['swa', 'sw', 'Swahili'],
  ['amh', 'am', 'Amharic'], ['yor', 'yo', 'Yoruba'], ['hau', 'ha', 'Hausa'], ['zul', 'zu', 'Zulu'],
  ['tha', 'th', 'Thai'], ['vie', 'vi', 'Vietnamese'], ['ind', 'id', 'Indonesian'], ['may', 'ms', 'Malay'],
  ['fil', 'fil', 'Filipino'], ['khm', 'km', 'Khmer'], ['lao', 'lo', 'Lao'], ['bur', 'my', 'Burmese'],
  ['tam', 'ta', 'Tamil'], ['tel', 'te', 'Telugu'], ['mar', 'mr', 'Marathi'], ['guj', 'gu', 'Gujarati'],
  ['kan', 'kn', 'Kannada'], ['mal', 'ml', 'Malayalam'], ['pan', 'pa', 'Punjabi'], ['nep', 'ne', 'Nepali'],
  ['sin', 'si', 'Sinhala'], ['lat', 'la', 'Latin'], ['epo', 'eo', 'Esperanto'],
];

/** Every ISO 639-2 code offered. */
export const SUBTITLE_LANGUAGE_CODES: readonly string[] = TABLE.map(([code]) => code);

const TAG = new Map(TABLE.map(([code, tag]) => [code, tag]));
const ENGLISH = new Map(TABLE.map(([code, , name]) => [code, name]));
/** ISO 639-1 (and the terminology ISO 639-2 codes, `deu`, `fra`…) → the code offered. */
const FROM_TAG = new Map<string, string>([
  ...TABLE.map(([code, tag]) => [tag, code] as [string, string]),
  ...(
    [
      ['deu', 'ger'], ['fra', 'fre'], ['nld', 'dut'], ['zho', 'chi'], ['ces', 'cze'], ['slk', 'slo'], ['ron', 'rum'],
      ['ell', 'gre'], ['fas', 'per'], ['mkd', 'mac'], ['sqi', 'alb'], ['isl', 'ice'], ['kat', 'geo'], ['hye', 'arm'],
      ['eus', 'baq'], ['cym', 'wel'], ['msa', 'may'], ['mya', 'bur'], ['nb', 'nor'], ['nn', 'nor'], ['iw', 'heb'], ['in', 'ind'],
    ] as Array<[string, string]>
  ),
]);

/** The BCP 47 tag for an ISO 639-2 code (`ger` → `de`), or the code itself. */
export function languageTag(code: string): string {
  return TAG.get(code) ?? code;
}

/** The ISO 639-2 code for a BCP 47 tag or a 639-2/T code (`de-AT` → `ger`, `deu` → `ger`), or null when none is offered. */
export function languageCode(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/, 1)[0] ?? '';
  if (TAG.has(primary)) return primary;
  return FROM_TAG.get(primary) ?? null;
}

/** A language's name in `locale` (the page's language): `ger` in `fr` → `allemand`. */
export function languageLabel(code: string, locale?: string): string {
  const names = displayNames(locale);
  let label: string | undefined;
  try {
    label = names?.of(languageTag(code));
  } catch {
    label = undefined;
  }
  if (!label || label === languageTag(code)) label = ENGLISH.get(code) ?? code;
  let first: string;
  try {
    first = label.charAt(0).toLocaleUpperCase(locale);
  } catch {
    first = label.charAt(0).toUpperCase(); // an invalid locale tag
  }
  return first + label.slice(1);
}

const cache = new Map<string, Intl.DisplayNames | null>();
function displayNames(locale: string | undefined): Intl.DisplayNames | null {
  const key = locale ?? '';
  if (!cache.has(key)) {
    let names: Intl.DisplayNames | null = null;
    try {
      if (typeof Intl.DisplayNames === 'function') names = new Intl.DisplayNames(locale ? [locale, 'en'] : ['en'], { type: 'language', fallback: 'code' });
    } catch {
      names = null; // an invalid locale tag
    }
    cache.set(key, names);
  }
  return cache.get(key)!;
}

export interface LanguageOption {
  /** ISO 639-2, what is sent. */
  code: string;
  /** Its name in the page's language. */
  label: string;
}

/** Every language offered, labelled in `locale` and sorted by label in it. */
export function languageOptions(locale?: string): LanguageOption[] {
  const options = SUBTITLE_LANGUAGE_CODES.map((code) => ({ code, label: languageLabel(code, locale) }));
  let collator: Intl.Collator;
  try {
    collator = new Intl.Collator(locale);
  } catch {
    collator = new Intl.Collator();
  }
  return options.sort((a, b) => collator.compare(a.label, b.label));
}

/**
 * A first guess at a subtitle file's language: a language tag before the extension (`talk.de.srt`,
 * `talk_fr.vtt`, `talk-eng.srt`), else the page's language, else English.
 */
export function guessLanguage(fileName: string, pageLang?: string | null): string {
  const m = /[._-]([a-z]{2,3}(?:[-_][a-z]{2,4})?)\.(?:vtt|srt|webvtt)$/i.exec(fileName);
  return (m && languageCode(m[1])) || languageCode(pageLang) || 'eng';
}
