/**
 * The element's texts: the page's language (the nearest `lang`), that language's table (loaded on first
 * use; English meanwhile) and the app's `strings` over it — resolved once per change, not per use.
 */
import type { ReactiveControllerHost } from 'lit';
import { assetFailure, type GcoreUploaderError } from '../errors.js';
import { isLocaleLoaded, langOf, loadLocale, pickLocale, resolveStrings, type StringOverrides, type Strings } from '../i18n/index.js';

export class StringsController {
  /** The language's table could not be loaded (shown above the drop zone). */
  loadError: GcoreUploaderError | null = null;
  private _cache: { lang: string | null; overrides: StringOverrides | null; loaded: boolean; strings: Strings } | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { strings: StringOverrides | null },
    private readonly onLoadError: (err: unknown) => void,
  ) {}

  /** The nearest `lang` (for number formats), or undefined. */
  get lang(): string | undefined {
    return langOf(this.host) ?? undefined;
  }

  get strings(): Strings {
    const lang = langOf(this.host);
    const locale = pickLocale(lang);
    const loaded = isLocaleLoaded(locale);
    const overrides = this.host.strings;
    const cache = this._cache;
    if (cache && cache.lang === lang && cache.overrides === overrides && cache.loaded === loaded) return cache.strings;
    if (!loaded) {
      loadLocale(locale).then(
        () => this.host.requestUpdate(),
        (err) => {
          this.loadError = assetFailure(err);
          this.host.requestUpdate();
          this.onLoadError(err);
        },
      );
    }
    const strings = resolveStrings(lang, overrides ?? undefined);
    this._cache = { lang, overrides, loaded, strings };
    return strings;
  }
}
